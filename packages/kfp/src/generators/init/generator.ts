import { addDependenciesToPackageJson, createProjectGraphAsync, formatFiles, type GeneratorCallback, type ProjectGraph, readJson, readJsonFile, runTasksInSerial, type Tree, updateJson, writeJson } from '@nx/devkit';
import { addPlugin } from '@nx/devkit/internal';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertSupportedNode } from '../../node-version';
import { createNodes } from '../../plugin/create-nodes';
import { pluginOptionsSchema } from '../../plugin/options';
import { kfpPluginEntries, PLUGIN_NAME } from '../plugin-entries';
import type { InitGeneratorSchema } from './schema';

/** The plugin's pinned requirements (kfp==1.8.22 and every transitive dependency). */
export const PINNED_REQUIREMENTS = join(__dirname, '..', '..', '..', 'python', 'requirements.txt');
const SETUP_SCRIPT = 'setup:kfp';
/** The plugin option's own default, so init writes the option only when it differs. */
const DEFAULT_REQUIREMENTS = pluginOptionsSchema.shape.requirementsFile.parse(undefined);
const VENV_BIN = 'kfp-venv';

/**
 * What `nx add kfp` runs, and what the pipeline and team generators run first:
 * registers the plugin, the pinned Python requirements and their set-up script,
 * and an @nx/devkit that matches the workspace's Nx. Running it again changes nothing.
 */
export async function initGenerator(tree: Tree, schema: InitGeneratorSchema = {}): Promise<GeneratorCallback> {
  assertSupportedNode(); // `nx add kfp` runs this before nx.json loads the plugin
  ensureNxJson(tree);
  const requirementsFile = chooseRequirementsFile(tree, schema.requirementsFile);
  if (!tree.exists(requirementsFile)) tree.write(requirementsFile, readFileSync(PINNED_REQUIREMENTS, 'utf8'));
  await registerPlugin(tree, requirementsFile, schema.sharedPythonPaths);
  addSetupScript(tree, requirementsFile);
  ignoreVenv(tree);
  const install = addMatchingDevkit(tree);
  if (!schema.skipFormat) await formatFiles(tree);
  return runTasksInSerial(install);
}

export default initGenerator;

/** A workspace started with `npm i -D nx` has no nx.json; Nx reads plugins only from there. */
function ensureNxJson(tree: Tree): void {
  if (!tree.exists('nx.json')) writeJson(tree, 'nx.json', { $schema: './node_modules/nx/schemas/nx-schema.json' });
}

/** requirements.txt unless the plugin already names one, or the workspace has one for something else. */
function chooseRequirementsFile(tree: Tree, requested?: string): string {
  if (requested) return requested;
  const registered = kfpPluginEntries(tree)
    .map((entry) => (entry.options as { requirementsFile?: unknown } | undefined)?.requirementsFile)
    .find((file): file is string => typeof file === 'string');
  if (registered) return registered;
  if (!tree.exists(DEFAULT_REQUIREMENTS)) return DEFAULT_REQUIREMENTS;
  return /^\s*kfp\s*==/m.test(tree.read(DEFAULT_REQUIREMENTS, 'utf8') ?? '') ? DEFAULT_REQUIREMENTS : 'requirements-kfp.txt';
}

/**
 * Adds the plugin with the devkit's addPlugin, which picks target names that do
 * not clash with targets the workspace's projects already have. An existing kfp
 * entry (with or without include globs) is the user's choice and is kept.
 */
async function registerPlugin(tree: Tree, requirementsFile: string, sharedPythonPaths?: string[]): Promise<void> {
  if (kfpPluginEntries(tree).length > 0) return;
  const candidates: Record<string, unknown[]> = {
    renderTargetName: ['render', 'kfp-render'],
    runTargetName: ['run', 'kfp-run'],
    validateTargetName: ['validate', 'kfp-validate'],
    planTargetName: ['plan', 'kfp-plan'],
    reconcileTargetName: ['reconcile', 'kfp-reconcile'],
  };
  if (requirementsFile !== DEFAULT_REQUIREMENTS) candidates.requirementsFile = [requirementsFile];
  if (sharedPythonPaths?.length) candidates.sharedPythonPaths = [sharedPythonPaths];
  await addPlugin(tree, await workspaceGraph(tree), PLUGIN_NAME, createNodes, candidates, false);
}

/** The graph of the workspace on disk; a virtual tree (unit tests) has no projects to clash with. */
async function workspaceGraph(tree: Tree): Promise<ProjectGraph> {
  return existsSync(tree.root) ? createProjectGraphAsync({ exitOnError: false }) : { nodes: {}, dependencies: {} };
}

function addSetupScript(tree: Tree, requirementsFile: string): void {
  if (!tree.exists('package.json')) return;
  // Any script that already runs kfp-venv sets the environment up (this repository's own does).
  const scripts = readJson<{ scripts?: Record<string, string> }>(tree, 'package.json').scripts ?? {};
  if (Object.values(scripts).some((script) => script.includes(VENV_BIN))) return;
  updateJson(tree, 'package.json', (pkg: { scripts?: Record<string, string> }) => {
    pkg.scripts = { ...pkg.scripts, [SETUP_SCRIPT]: `${VENV_BIN} --requirements ${requirementsFile}` };
    return pkg;
  });
}

function ignoreVenv(tree: Tree): void {
  const current = tree.read('.gitignore', 'utf8') ?? '';
  if (/^\/?\.venv\/?$/m.test(current)) return;
  tree.write('.gitignore', `${current}${current && !current.endsWith('\n') ? '\n' : ''}# Python environment of the kfp plugin (npm run ${SETUP_SCRIPT})\n.venv/\n`);
}

/**
 * The plugin runs inside the workspace's Nx and takes @nx/devkit as a peer, so
 * the devkit must be of the same line as that Nx: npm would otherwise install the
 * newest one the peer range allows. A version the workspace already lists is kept.
 */
function addMatchingDevkit(tree: Tree): GeneratorCallback {
  if (!tree.exists('package.json')) return () => {};
  const [major, minor] = readJsonFile<{ version: string }>(require.resolve('nx/package.json')).version.split('.');
  return addDependenciesToPackageJson(tree, {}, { '@nx/devkit': `~${major}.${minor}.0` }, 'package.json', true);
}
