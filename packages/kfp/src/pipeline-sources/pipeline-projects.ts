import { globWithWorkspaceContext } from '@nx/devkit/internal';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PIPELINE_CONFIG_FILE, PIPELINE_SCRIPT } from '../pipeline/layout';

/**
 * The roots of the named pipeline projects, found the way the plugin infers
 * them (a folder with pipeline.py or kfp-pipeline.yaml, named after the
 * folder) from Nx's file index, without building the project graph. Undefined
 * when a name is not found this way, is found twice, or may be renamed by a
 * project.json or package.json: then only the graph can tell.
 */
export async function findPipelineProjects(workspaceRoot: string, names: readonly string[]): Promise<Record<string, { root: string }> | undefined> {
  if (names.length === 0) return {};
  const markers = await globWithWorkspaceContext(workspaceRoot, [`**/{${PIPELINE_SCRIPT},${PIPELINE_CONFIG_FILE}}`]);
  const foldersByName = new Map<string, Set<string>>();
  for (const marker of markers) {
    const folder = dirname(marker);
    if (folder === '.') continue;
    foldersByName.set(basename(folder), (foldersByName.get(basename(folder)) ?? new Set()).add(folder));
  }
  const projects: Record<string, { root: string }> = {};
  for (const name of names) {
    const folders = [...(foldersByName.get(name) ?? [])];
    if (folders.length !== 1 || declaresOwnName(join(workspaceRoot, folders[0]))) return undefined;
    projects[name] = { root: folders[0] };
  }
  return projects;
}

function declaresOwnName(folder: string): boolean {
  return ['project.json', 'package.json'].some((file) => {
    const path = join(folder, file);
    if (!existsSync(path)) return false;
    try {
      return typeof (JSON.parse(readFileSync(path, 'utf8')) as { name?: unknown }).name === 'string';
    } catch {
      return true;
    }
  });
}
