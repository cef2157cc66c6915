import { addDependenciesToPackageJson, createProjectGraphAsync, formatFiles, type GeneratorCallback, type ProjectGraph, readJsonFile, runTasksInSerial, type Tree, writeJson } from '@nx/devkit';
import { addPlugin } from '@nx/devkit/internal';
import { existsSync } from 'node:fs';
import { assertSupportedNode } from '../../node-version';
import { createNodes } from '../../plugin/create-nodes';
import { SDK_ENVIRONMENTS } from '../../python/sdk-environment';
import { kfpPluginEntries, PLUGIN_NAME } from '../plugin-entries';
import { addPythonEnvironments, type RequirementsFiles } from './python-environments';
import type { InitGeneratorSchema } from './schema';

/**
 * What `nx add kfp` runs, and what the pipeline and team generators run first:
 * registers the plugin, the pinned Python requirements of both SDKs and the
 * set-up script that creates both environments, and an @nx/devkit that matches
 * the workspace's Nx. Running it again changes nothing.
 */
export async function initGenerator(tree: Tree, schema: InitGeneratorSchema = {}): Promise<GeneratorCallback> {
  assertSupportedNode(); // `nx add kfp` runs this before nx.json loads the plugin
  ensureNxJson(tree);
  const requirements = addPythonEnvironments(tree, { v1: schema.requirementsFile, v2: schema.requirementsFileV2 });
  await registerPlugin(tree, requirements, schema.sharedPythonPaths);
  const install = addMatchingDevkit(tree);
  if (!schema.skipFormat) await formatFiles(tree);
  return runTasksInSerial(install);
}

export default initGenerator;

/** A workspace started with `npm i -D nx` has no nx.json; Nx reads plugins only from there. */
function ensureNxJson(tree: Tree): void {
  if (!tree.exists('nx.json')) writeJson(tree, 'nx.json', { $schema: './node_modules/nx/schemas/nx-schema.json' });
}

/**
 * Adds the plugin with the devkit's addPlugin, which picks target names that do
 * not clash with targets the workspace's projects already have. An existing kfp
 * entry (with or without include globs) is the user's choice and is kept.
 */
async function registerPlugin(tree: Tree, requirements: RequirementsFiles, sharedPythonPaths?: string[]): Promise<void> {
  if (kfpPluginEntries(tree).length > 0) return;
  const candidates: Record<string, unknown[]> = {
    renderTargetName: ['render', 'kfp-render'],
    runTargetName: ['run', 'kfp-run'],
    validateTargetName: ['validate', 'kfp-validate'],
    planTargetName: ['plan', 'kfp-plan'],
    reconcileTargetName: ['reconcile', 'kfp-reconcile'],
  };
  // Written only when they differ from the options' defaults.
  for (const sdk of ['v1', 'v2'] as const) {
    const { requirementsOption, defaultRequirementsFile } = SDK_ENVIRONMENTS[sdk];
    if (requirements[sdk] !== defaultRequirementsFile) candidates[requirementsOption] = [requirements[sdk]];
  }
  if (sharedPythonPaths?.length) candidates.sharedPythonPaths = [sharedPythonPaths];
  await addPlugin(tree, await workspaceGraph(tree), PLUGIN_NAME, createNodes, candidates, false);
}

/** The graph of the workspace on disk; a virtual tree (unit tests) has no projects to clash with. */
async function workspaceGraph(tree: Tree): Promise<ProjectGraph> {
  return existsSync(tree.root) ? createProjectGraphAsync({ exitOnError: false }) : { nodes: {}, dependencies: {} };
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
