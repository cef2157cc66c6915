import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Stops with one sentence when Node.js is older than package.json's `engines`
 * (`>=X.Y.Z`), instead of an obscure failure deep inside a dependency (on
 * Node 20, execa's `TEXT_ENCODINGS.union is not a function` in git sources).
 * Every entry point calls it: the plugin, the init generator and the bins.
 */
export function assertSupportedNode(version: string = process.versions.node): void {
  const { name, engines } = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { name: string; engines: { node: string } };
  const minimum = /^>=\s*(\d+)\.(\d+)\.(\d+)$/.exec(engines.node.trim());
  if (!minimum) throw new Error(`${name}: engines.node must read ">=X.Y.Z", not "${engines.node}"`);
  const needed = minimum.slice(1).map(Number);
  const actual = version.split('.').map(Number);
  const first = needed.findIndex((n, i) => actual[i] !== n); // the first of major, minor, patch that differs
  if (first >= 0 && actual[first] < needed[first]) throw new Error(`${name} needs Node.js ${needed.join('.')} or newer, but this is Node.js ${version}.`);
}
