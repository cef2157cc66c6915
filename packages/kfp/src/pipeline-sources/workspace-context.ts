import type { ProjectConfiguration } from '@nx/devkit';
import { findRenderTarget } from '../pipeline/render-target';
import { defaultSourceCacheDir } from './cache-dir';
import type { ResolveContext } from './resolve-context';

/** Where team files find workspace pipelines: the Nx projects' roots and render targets (found by executor, as they may be renamed). */
export function workspaceResolveContext(
  workspaceRoot: string,
  projects: Record<string, Pick<ProjectConfiguration, 'root' | 'targets'>>,
  env: NodeJS.ProcessEnv,
): ResolveContext {
  const renderTargets = new Map<string, string>();
  for (const [name, project] of Object.entries(projects)) {
    const target = findRenderTarget(project.targets)?.[0];
    if (target && target !== 'render') renderTargets.set(name, target);
  }
  return {
    workspaceRoot,
    projectRoots: new Map(Object.entries(projects).map(([name, project]) => [name, project.root])),
    renderTargets,
    cacheDir: defaultSourceCacheDir(workspaceRoot, env),
    env,
  };
}

/**
 * The same, for a process without Nx's project configurations (kfp-reconcile):
 * the projects are looked up only once the team's files name them, by `find`.
 */
export function deferredWorkspaceResolveContext(
  workspaceRoot: string,
  env: NodeJS.ProcessEnv,
  find: (names: readonly string[]) => Promise<Record<string, Pick<ProjectConfiguration, 'root' | 'targets'>>>,
): ResolveContext {
  return {
    ...workspaceResolveContext(workspaceRoot, {}, env),
    withProjects: async (names) => workspaceResolveContext(workspaceRoot, await find(names), env),
  };
}
