import { addDependenciesToPackageJson, createProjectGraphAsync, formatFiles, type GeneratorCallback, type ProjectGraph, readJson, readJsonFile, runTasksInSerial, type Tree, updateJson, writeJson } from '@nx/devkit';
import { addPlugin } from '@nx/devkit/internal';
import { existsSync, readFileSync } from 'node:fs';
import { assertSupportedNode } from '../../node-version';
import { createNodes } from '../../plugin/create-nodes';
import type { PipelineSdk } from '../../pipeline/layout';
import { SDK_ENVIRONMENTS } from '../../python/sdk-environment';
import { kfpPluginEntries, PLUGIN_NAME } from '../plugin-entries';
import type { InitGeneratorSchema } from './schema';

/** The plugin's pinned requirements of v1 pipelines (kfp==1.8.22 and every transitive dependency). */
export const PINNED_REQUIREMENTS = SDK_ENVIRONMENTS.v1.shippedRequirements;
/** The same for v2 pipelines (kfp==2.8.0, kfp-kubernetes and every transitive dependency). */
export const PINNED_REQUIREMENTS_V2 = SDK_ENVIRONMENTS.v2.shippedRequirements;
const SETUP_SCRIPT = 'setup:kfp';
const VENV_BIN = 'kfp-venv';

/** The workspace's requirements file of each SDK. */
type RequirementsFiles = Record<PipelineSdk, string>;

/**
 * What `nx add kfp` runs, and what the pipeline and team generators run first:
 * registers the plugin, the pinned Python requirements of both SDKs and the
 * set-up script that creates both environments, and an @nx/devkit that matches
 * the workspace's Nx. Running it again changes nothing.
 */
export async function initGenerator(tree: Tree, schema: InitGeneratorSchema = {}): Promise<GeneratorCallback> {
  assertSupportedNode(); // `nx add kfp` runs this before nx.json loads the plugin
  ensureNxJson(tree);
  const requirements: RequirementsFiles = {
    v1: chooseRequirementsFile(tree, 'v1', schema.requirementsFile),
    v2: chooseRequirementsFile(tree, 'v2', schema.requirementsFileV2),
  };
  for (const sdk of ['v1', 'v2'] as const) {
    if (!tree.exists(requirements[sdk])) tree.write(requirements[sdk], readFileSync(SDK_ENVIRONMENTS[sdk].shippedRequirements, 'utf8'));
  }
  await registerPlugin(tree, requirements, schema.sharedPythonPaths);
  addSetupScript(tree, requirements);
  ignoreVenvs(tree);
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
 * The SDK's default name (requirements.txt, requirements-v2.txt) unless the
 * plugin already names one, or the workspace has a file of that name for
 * something else (then requirements-kfp.txt, requirements-kfp-v2.txt).
 */
function chooseRequirementsFile(tree: Tree, sdk: PipelineSdk, requested?: string): string {
  if (requested) return requested;
  const environment = SDK_ENVIRONMENTS[sdk];
  const registered = kfpPluginEntries(tree)
    .map((entry) => (entry.options as Record<string, unknown> | undefined)?.[environment.requirementsOption])
    .find((file): file is string => typeof file === 'string');
  if (registered) return registered;
  const fallback = environment.defaultRequirementsFile;
  if (!tree.exists(fallback)) return fallback;
  return /^\s*kfp\s*==/m.test(tree.read(fallback, 'utf8') ?? '') ? fallback : environment.fallbackRequirementsFile;
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
 * `setup:kfp`: one kfp-venv call that creates both environments, .venv (v1)
 * first and .venv-v2 after it. The v1-only script earlier versions of init
 * wrote is upgraded; any other script that runs kfp-venv is the user's own
 * set-up (this repository's is) and is kept.
 */
function addSetupScript(tree: Tree, requirements: RequirementsFiles): void {
  if (!tree.exists('package.json')) return;
  const scripts = readJson<{ scripts?: Record<string, string> }>(tree, 'package.json').scripts ?? {};
  const v1Only = `${VENV_BIN} --requirements ${requirements.v1}`;
  if (scripts[SETUP_SCRIPT] !== v1Only && Object.values(scripts).some((script) => script.includes(VENV_BIN))) return;
  updateJson(tree, 'package.json', (pkg: { scripts?: Record<string, string> }) => {
    pkg.scripts = { ...pkg.scripts, [SETUP_SCRIPT]: `${v1Only} --requirements ${requirements.v2} --venv ${SDK_ENVIRONMENTS.v2.venv}` };
    return pkg;
  });
}

/** Both environments stay out of git. */
function ignoreVenvs(tree: Tree): void {
  let current = tree.read('.gitignore', 'utf8') ?? '';
  for (const { venv, sdk } of Object.values(SDK_ENVIRONMENTS)) {
    const escaped = venv.replace(/[.]/g, '\\.');
    if (new RegExp(`^/?${escaped}/?$`, 'm').test(current)) continue;
    current = `${current}${current && !current.endsWith('\n') ? '\n' : ''}# Python environment of the kfp plugin for ${sdk} pipelines (npm run ${SETUP_SCRIPT})\n${venv}/\n`;
  }
  if (current !== (tree.read('.gitignore', 'utf8') ?? '')) tree.write('.gitignore', current);
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
