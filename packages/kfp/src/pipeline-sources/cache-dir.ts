import * as path from 'node:path';

/** Where git and GitHub sources are cached: $KFP_CACHE_DIR (relative to the workspace), else node_modules/.cache/kfp. */
export function defaultSourceCacheDir(workspaceRoot: string, env: Readonly<Record<string, string | undefined>>): string {
  const configured = env.KFP_CACHE_DIR?.trim();
  return configured ? path.resolve(workspaceRoot, configured) : path.join(workspaceRoot, 'node_modules', '.cache', 'kfp');
}
