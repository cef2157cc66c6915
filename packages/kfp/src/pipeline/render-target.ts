/** The executor of a pipeline project's render target. */
export const RENDER_EXECUTOR = 'kfp:render';

/**
 * A project's render target, found by its executor: the plugin's
 * renderTargetName option (or a project.json) may give it another name.
 */
export function findRenderTarget<T extends { executor?: string }>(targets: Record<string, T> | undefined): [name: string, target: T] | undefined {
  return Object.entries(targets ?? {}).find(([, target]) => target.executor === RENDER_EXECUTOR);
}
