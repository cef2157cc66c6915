import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

let fingerprint: string | undefined;

/**
 * A hash of the plugin's own code (every module of its package), part of the
 * inference cache's key: results cached by one version of the plugin (or one
 * edit of it, in development) are never served to another. Computed once per
 * process; it reads a few hundred kilobytes.
 */
export function pluginCodeFingerprint(packageCode = join(__dirname, '..')): string {
  if (fingerprint !== undefined) return fingerprint;
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(js|ts)$/.test(entry.name) && !/\.(spec|d)\.ts$/.test(entry.name)) hash.update(entry.name).update(readFileSync(path));
    }
  };
  walk(packageCode);
  fingerprint = hash.digest('hex').slice(0, 16);
  return fingerprint;
}
