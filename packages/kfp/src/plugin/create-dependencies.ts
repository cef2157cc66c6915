import { DependencyType, validateDependency, type CreateDependencies, type CreateDependenciesContext, type RawProjectGraphDependency } from '@nx/devkit';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { parsePlainBlockYaml } from '../config-file/plain-block-yaml';
import { RECURRING_RUNS_FILE } from '../team-config/layout';
import { workspaceReferences } from '../team-config/workspace-references';
import type { PluginOptions } from './options';

/**
 * A team depends on every workspace pipeline it schedules, so `nx affected`
 * selects the team when that pipeline's rendered output changes and `nx graph`
 * shows who deploys what. Edges are static and tied to recurring_runs.yaml, so
 * Nx only asks again when that file changes.
 */
export const createDependencies: CreateDependencies<PluginOptions> = (_options, context) => {
  const rootToName = new Map(Object.entries(context.projects).map(([name, p]) => [p.root, name]));
  const dependencies: RawProjectGraphDependency[] = [];
  for (const [source, files] of Object.entries(context.filesToProcess.projectFileMap)) {
    for (const { file } of files) {
      if (basename(file) !== RECURRING_RUNS_FILE) continue;
      for (const target of referencedProjects(readTeamFile(context, file), context, rootToName)) {
        if (target === source) continue;
        const dependency: RawProjectGraphDependency = { source, target, sourceFile: file.replace(/\\/g, '/'), type: DependencyType.static };
        try {
          validateDependency(dependency, context);
          dependencies.push(dependency);
        } catch {
          // An edge Nx rejects (e.g. a file outside the team) is left to `validate` to report.
        }
      }
    }
  }
  return dependencies;
};

/** The file's data, read the fast way when it is plain block YAML (as team files mostly are), else by `yaml` as validate reads it. */
function readTeamFile(context: CreateDependenciesContext, file: string): unknown {
  try {
    const text = readFileSync(join(context.workspaceRoot, file), 'utf8');
    return parsePlainBlockYaml(text) ?? parse(text, { merge: true });
  } catch {
    return undefined; // invalid YAML is reported by the validate target, not by graph construction
  }
}

/** Names of workspace projects a recurring_runs.yaml document points at (tolerant of invalid content). */
export function referencedProjects(doc: unknown, context: Pick<CreateDependenciesContext, 'projects'>, rootToName: Map<string, string>): string[] {
  const { projects, paths } = workspaceReferences(doc);
  const found = new Set(projects.filter((name) => name in context.projects));
  for (const path of paths) {
    const owner = owningProject(path, rootToName);
    if (owner) found.add(owner);
  }
  return [...found].sort();
}

/** The project whose root is the longest prefix of a workspace-relative path. */
export function owningProject(path: string, rootToName: Map<string, string>): string | undefined {
  const normalized = path.replace(/\\/g, '/').replace(/^\.\//, '');
  let best: string | undefined;
  let bestLength = -1;
  for (const [root, name] of rootToName) {
    if (root && (normalized === root || normalized.startsWith(`${root}/`)) && root.length > bestLength) {
      best = name;
      bestLength = root.length;
    }
  }
  return best;
}

