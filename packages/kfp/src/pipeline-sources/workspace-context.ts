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
