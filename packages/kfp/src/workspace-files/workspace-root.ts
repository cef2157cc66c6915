import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The Nx workspace a folder is in, found as Nx finds it (and without loading
 * Nx): NX_WORKSPACE_ROOT_PATH, else the nearest folder above with nx.json (or
 * the nx / nx.bat wrappers), else the outermost folder with Nx installed in
 * its node_modules, else the folder itself.
 */
export function findWorkspaceRoot(folder: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.NX_WORKSPACE_ROOT_PATH) return env.NX_WORKSPACE_ROOT_PATH;
  let candidate = folder;
  // The filesystem root itself is never looked at, as in Nx.
  for (let dir = folder; dirname(dir) !== dir; dir = dirname(dir)) {
    if (['nx.json', 'nx', 'nx.bat'].some((name) => isFile(join(dir, name)))) return dir;
    if (isFile(join(dir, 'node_modules', 'nx', 'package.json'))) candidate = dir;
  }
  return candidate;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
