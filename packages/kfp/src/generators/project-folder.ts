import { joinPathFragments, type Tree } from '@nx/devkit';
import { posix } from 'node:path';
import { describeEntryGlobs, entryFor, kfpPluginEntries } from './plugin-entries';
import type { KfpProject, KfpProjectKind } from './kfp-projects';

export interface ProjectFolderRequest {
  kind: KfpProjectKind;
  name: string;
  /** --directory, when given. */
  directory?: string;
  /** The file the plugin recognises the new folder by (pipeline.py, experiments.yaml). */
  markerFile: string;
  /** Existing pipeline and team projects. */
  existing: KfpProject[];
}

/** Where a kind of project goes when the workspace has none yet. */
const CONVENTIONAL_PARENT: Record<KfpProjectKind, string> = { pipeline: 'pipelines', team: 'teams' };

/**
 * The folder for a new project, chosen so that the plugin infers it: --directory
 * when given; else beside the existing projects of the same kind; else
 * pipelines/<name> or teams/<name>, under an include glob's fixed prefix when
 * nx.json limits the plugin to some folders. A folder the plugin would not see
 * is refused with the globs that decide it.
 */
export function chooseProjectFolder(tree: Tree, request: ProjectFolderRequest): string {
  const { kind, name } = request;
  const sees = (folder: string) => entryFor(tree, joinPathFragments(folder, request.markerFile)) !== undefined;
  const refuse = (folder: string) =>
    new Error(
      `The kfp plugin would not infer a ${kind} project in ${folder}: nx.json limits it to ${describeEntryGlobs(tree)}. ` +
        `Pass --directory with a folder those globs match, or widen them.`,
    );

  if (request.directory !== undefined) {
    const folder = normalizeFolder(request.directory);
    if (!sees(folder)) throw refuse(folder);
    return folder;
  }

  const parents = [...new Set(request.existing.filter((p) => p.kind === kind).map((p) => posix.dirname(p.root)))].sort();
  if (parents.length > 1) {
    throw new Error(`${capitalize(kind)} projects live in several folders (${parents.join(', ')}); pass --directory to choose where ${name} goes.`);
  }
  const candidates = parents.length === 1 ? [parents[0]] : [CONVENTIONAL_PARENT[kind], ...includePrefixes(tree).map((p) => joinPathFragments(p, CONVENTIONAL_PARENT[kind]))];
  const folder = candidates.map((parent) => joinPathFragments(parent, name)).find(sees);
  if (folder === undefined) throw refuse(joinPathFragments(candidates[0], name));
  return folder;
}

/** The fixed leading folders of each include glob (`projects/**` gives `projects`). */
function includePrefixes(tree: Tree): string[] {
  const prefixes = kfpPluginEntries(tree).flatMap((entry) =>
    (entry.include ?? []).map((glob) => {
      const fixed: string[] = [];
      for (const segment of glob.split('/').slice(0, -1)) {
        if (/[*?[\]{}!]/.test(segment)) break;
        fixed.push(segment);
      }
      return fixed.join('/');
    }),
  );
  return [...new Set(prefixes.filter(Boolean))];
}

export function normalizeFolder(folder: string): string {
  return folder.replace(/^\.\//, '').replace(/\/+$/, '');
}

function capitalize(text: string): string {
  return text[0].toUpperCase() + text.slice(1);
}
