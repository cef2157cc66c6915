import { formatFiles, readJson, readNxJson, updateJson, updateNxJson, type Tree } from '@nx/devkit';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InitGeneratorSchema } from './schema';

/** The plugin's pinned requirements (kfp==1.8.22 and every transitive dependency). */
export const PINNED_REQUIREMENTS = join(__dirname, '..', '..', '..', 'python', 'requirements.txt');
export const PLUGIN_NAME = 'kfp';
const SETUP_SCRIPT = 'setup:kfp';

/** Registers the plugin and the Python environment set-up; running it twice changes nothing. */
export async function initGenerator(tree: Tree, schema: InitGeneratorSchema = {}): Promise<void> {
  const requirementsFile = chooseRequirementsFile(tree, schema.requirementsFile);
  if (!tree.exists(requirementsFile)) tree.write(requirementsFile, readFileSync(PINNED_REQUIREMENTS, 'utf8'));
  registerPlugin(tree, requirementsFile, schema.sharedPythonPaths);
  addSetupScript(tree, requirementsFile);
  ignoreVenv(tree);
  if (!schema.skipFormat) await formatFiles(tree);
}

export default initGenerator;

/** requirements.txt unless the workspace already has one for something else. */
function chooseRequirementsFile(tree: Tree, requested?: string): string {
  if (requested) return requested;
  const existing = registeredOptions(tree)?.requirementsFile;
  if (typeof existing === 'string') return existing;
  if (!tree.exists('requirements.txt')) return 'requirements.txt';
  return /^\s*kfp\s*==/m.test(tree.read('requirements.txt', 'utf8') ?? '') ? 'requirements.txt' : 'requirements-kfp.txt';
}

function registeredOptions(tree: Tree): Record<string, unknown> | undefined {
  const entry = (readNxJson(tree)?.plugins ?? []).find((p) => (typeof p === 'string' ? p : p.plugin) === PLUGIN_NAME);
  return entry && typeof entry !== 'string' ? (entry.options as Record<string, unknown> | undefined) ?? {} : entry ? {} : undefined;
}

function registerPlugin(tree: Tree, requirementsFile: string, sharedPythonPaths?: string[]): void {
  const nxJson = readNxJson(tree) ?? {};
  const plugins = nxJson.plugins ?? [];
  if (plugins.some((p) => (typeof p === 'string' ? p : p.plugin) === PLUGIN_NAME)) return;
  const options: Record<string, unknown> = {};
  if (requirementsFile !== 'requirements.txt') options.requirementsFile = requirementsFile;
  if (sharedPythonPaths?.length) options.sharedPythonPaths = sharedPythonPaths;
  nxJson.plugins = [...plugins, Object.keys(options).length > 0 ? { plugin: PLUGIN_NAME, options } : PLUGIN_NAME];
  updateNxJson(tree, nxJson);
}

function addSetupScript(tree: Tree, requirementsFile: string): void {
  if (!tree.exists('package.json')) return;
  // Rewrite package.json only when something is missing, so a set-up workspace stays byte-identical.
  if (readJson<{ scripts?: Record<string, string> }>(tree, 'package.json').scripts?.[SETUP_SCRIPT]) return;
  updateJson(tree, 'package.json', (pkg: { scripts?: Record<string, string> }) => {
    pkg.scripts = { ...pkg.scripts, [SETUP_SCRIPT]: `kfp-venv --requirements ${requirementsFile}` };
    return pkg;
  });
}

function ignoreVenv(tree: Tree): void {
  const current = tree.read('.gitignore', 'utf8') ?? '';
  if (/^\/?\.venv\/?$/m.test(current)) return;
  tree.write('.gitignore', `${current}${current && !current.endsWith('\n') ? '\n' : ''}# Python environment of the kfp plugin (npm run ${SETUP_SCRIPT})\n.venv/\n`);
}
