import type { ProjectConfiguration } from '@nx/devkit';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, posix } from 'node:path';
import { PIPELINE_CONFIG_FILE, PIPELINE_SCRIPT } from '../pipeline/layout';
import { entryFilter, kfpEntriesOf, PLUGIN_NAME } from './nx-json-entries';
import { normalizePluginOptions } from './options';
import { projectMarkers } from './project-markers';
import { TEAM_FILES } from '../team-config/layout';
import { isRecord } from '../utils/is-record';
import { listWorkspaceFiles } from '../workspace-files/list-files';

const TEAM_MARKERS: ReadonlySet<string> = new Set(TEAM_FILES);
const MARKERS: ReadonlySet<string> = new Set([PIPELINE_SCRIPT, PIPELINE_CONFIG_FILE, ...TEAM_FILES]);
const PROJECT_FILES: ReadonlySet<string> = new Set(['project.json', 'package.json']);

export type WorkspaceProjects = Record<string, Pick<ProjectConfiguration, 'root' | 'targets'>>;

/** What one folder may be as a project. */
interface Candidate {
  /** The names Nx may give it (one when it is certain). */
  names: Set<string>;
  /** Surely a project (a kfp entry infers it, or it has a project.json), not merely maybe (a package.json). */
  certain: boolean;
  /** The name of its render target (the executor kfp:render), if it has one; null when a project.json may change its targets. */
  renderTarget: string | undefined | null;
}

/**
 * The named projects' roots and render targets, found as Nx names projects,
 * without building the project graph: the folders the kfp entries of nx.json
 * infer projects from (their include and exclude globs applied to the marker
 * files of Nx's file index), named after the folder unless a project.json
 * names them, and every other project.json and package.json, whose names
 * could clash. Undefined when that cannot settle a name (not found, found
 * twice, maybe renamed, a folder the plugin refuses, unreadable nx.json or
 * options, no kfp entry in it): then only the graph can tell. Projects only other Nx plugins
 * infer are not seen; a name of theirs is not found here.
 */
export function findPipelineProjects(workspaceRoot: string, names: readonly string[], env: NodeJS.ProcessEnv = process.env): WorkspaceProjects | undefined {
  if (names.length === 0) return {};
  // A folder without nx.json (teams and pipelines reconciled on their own, outside an Nx workspace) is read
  // as if the plugin were registered without globs: every marker counts.
  const nxJsonFile = join(workspaceRoot, 'nx.json');
  const nxJson = existsSync(nxJsonFile) ? readJson(nxJsonFile) : { plugins: [PLUGIN_NAME] };
  // A preset (`extends`) may hold plugins of its own.
  if (!isRecord(nxJson) || nxJson.extends !== undefined) return undefined;
  const entries = kfpEntriesOf(nxJson.plugins);
  if (entries.length === 0) return undefined;
  let renderTargetNames: string[];
  try {
    renderTargetNames = entries.map((entry) => normalizePluginOptions(entry.options).renderTargetName);
  } catch {
    return undefined; // Nx refuses the options: the graph says how
  }

  const files = listWorkspaceFiles(workspaceRoot, (name) => MARKERS.has(name) || PROJECT_FILES.has(name), env);
  const markers = files.filter((file) => MARKERS.has(posix.basename(file)));
  const kfpRoots = new Map<string, { kind: string; renderTarget: string }>();
  for (const [i, entry] of entries.entries()) {
    for (const [root, marker] of projectMarkers(markers.filter(entryFilter(entry)))) {
      // A folder with both a pipeline and team files fails the whole graph (see createNodes); so do two kinds of one folder.
      if (marker.kind === 'pipeline' && marker.files.some((f) => TEAM_MARKERS.has(posix.basename(f)))) return undefined;
      const known = kfpRoots.get(root);
      if (known && known.kind !== marker.kind) return undefined;
      if (!known) kfpRoots.set(root, { kind: marker.kind, renderTarget: renderTargetNames[i] });
    }
  }

  const projectJsons = new Map<string, Record<string, unknown>>();
  const packageJsons = new Map<string, Record<string, unknown>>();
  for (const file of files.filter((f) => PROJECT_FILES.has(posix.basename(f)))) {
    const json = readJson(join(workspaceRoot, file));
    if (!isRecord(json)) return undefined;
    (posix.basename(file) === 'project.json' ? projectJsons : packageJsons).set(posix.dirname(file), json);
  }

  const candidates = new Map<string, Candidate>();
  for (const root of new Set([...kfpRoots.keys(), ...projectJsons.keys(), ...packageJsons.keys()])) {
    candidates.set(root, candidate(root, kfpRoots.get(root)?.renderTarget, projectJsons.get(root), packageJsons.get(root), workspaceRoot));
  }
  const projects: WorkspaceProjects = {};
  for (const name of names) {
    const roots = [...candidates].filter(([, c]) => c.names.has(name));
    if (roots.length !== 1) return undefined;
    const [root, found] = roots[0];
    if (!found.certain || found.names.size !== 1 || found.renderTarget === null) return undefined;
    projects[name] = { root, targets: found.renderTarget ? { [found.renderTarget]: { executor: 'kfp:render' } } : {} };
  }
  return projects;
}

function candidate(root: string, kfpRenderTarget: string | undefined, projectJson: Record<string, unknown> | undefined, packageJson: Record<string, unknown> | undefined, workspaceRoot: string): Candidate {
  const folderName = root === '.' ? basename(workspaceRoot) : posix.basename(root);
  // A project.json's name beats everything; a package.json's counts only where Nx reads it as a project (its workspaces).
  const names = typeof projectJson?.name === 'string' ? [projectJson.name] : [folderName, packageJson?.name].filter((n): n is string => typeof n === 'string');
  const certain = root !== '.' && (kfpRenderTarget !== undefined || projectJson !== undefined);
  let renderTarget: string | undefined | null = kfpRenderTarget;
  if (projectJson?.targets !== undefined) {
    // The plugin's targets and a project.json's merge: only Nx knows which render target wins.
    renderTarget = kfpRenderTarget !== undefined ? null : ownRenderTarget(projectJson.targets);
  }
  return { names: new Set(names), certain, renderTarget };
}

function ownRenderTarget(targets: unknown): string | undefined {
  if (!isRecord(targets)) return undefined;
  return Object.entries(targets).find(([, target]) => isRecord(target) && target.executor === 'kfp:render')?.[0];
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
