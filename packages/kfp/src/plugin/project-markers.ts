// Which folders the plugin makes projects of, and of which kind, from its
// marker files: no Nx import here, so kfp-reconcile can use it without loading Nx.

import { basename, dirname, join } from 'node:path';
import { PIPELINE_CONFIG_FILE, PIPELINE_SCRIPT } from '../pipeline/layout';
import { TEAM_FILES } from '../team-config/layout';

/** Marker files: a pipeline folder has pipeline.py (or kfp-pipeline.yaml); a team folder has one of the team files. */
export const KFP_PROJECT_GLOB = `**/{${[PIPELINE_SCRIPT, PIPELINE_CONFIG_FILE, ...TEAM_FILES].join(',')}}`;

export type ProjectKind = 'pipeline' | 'team';

/** One representative marker per folder, so each folder yields exactly one project. */
export function projectMarkers(files: readonly string[]): Map<string, { kind: ProjectKind; file: string; files: string[] }> {
  const byFolder = new Map<string, string[]>();
  for (const file of files) {
    const folder = dirname(file);
    if (folder === '.') continue; // the workspace root is never a pipeline or a team
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), file]);
  }
  const markers = new Map<string, { kind: ProjectKind; file: string; files: string[] }>();
  for (const [folder, folderFiles] of [...byFolder].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const names = folderFiles.map((f) => basename(f));
    const isPipeline = names.includes(PIPELINE_SCRIPT) || names.includes(PIPELINE_CONFIG_FILE);
    const isTeam = names.some((n) => (TEAM_FILES as readonly string[]).includes(n));
    const kind: ProjectKind = isPipeline ? 'pipeline' : 'team';
    const primary = isPipeline ? (names.includes(PIPELINE_CONFIG_FILE) ? PIPELINE_CONFIG_FILE : PIPELINE_SCRIPT) : names.sort()[0];
    if (isPipeline && isTeam) {
      // Reported per folder by createNodes (create-nodes.ts).
      markers.set(folder, { kind: 'pipeline', file: join(folder, primary), files: folderFiles.sort() });
      continue;
    }
    markers.set(folder, { kind, file: join(folder, primary), files: folderFiles.sort() });
  }
  return markers;
}
