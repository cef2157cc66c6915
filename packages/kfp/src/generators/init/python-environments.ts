import { readJson, readNxJson, type Tree, updateJson, updateNxJson } from '@nx/devkit';
import { readFileSync } from 'node:fs';
import { PIPELINE_SDKS, type PipelineSdk } from '../../pipeline/layout';
import { SDK_ENVIRONMENTS } from '../../python/sdk-environment';
import { kfpPluginEntries, PLUGIN_NAME } from '../plugin-entries';

const SETUP_SCRIPT = 'setup:kfp';
const VENV_BIN = 'kfp-venv';

/** The workspace's requirements file of each SDK. */
export type RequirementsFiles = Record<PipelineSdk, string>;

/**
 * The Python side of a kfp workspace, for both SDKs: the pinned requirements
 * files (written when missing), the `setup:kfp` script that creates both
 * virtual environments, and .gitignore lines for them. When the plugin is
 * already registered, a requirements file other than the default is recorded
 * in its options, so render keys on the file that was written. What init
 * runs, and what the 0.2.0 migration runs on workspaces made before v2.
 */
export function addPythonEnvironments(tree: Tree, requested: Partial<RequirementsFiles> = {}): RequirementsFiles {
  const requirements: RequirementsFiles = { v1: chooseRequirementsFile(tree, 'v1', requested.v1), v2: chooseRequirementsFile(tree, 'v2', requested.v2) };
  for (const sdk of PIPELINE_SDKS) {
    if (!tree.exists(requirements[sdk])) tree.write(requirements[sdk], readFileSync(SDK_ENVIRONMENTS[sdk].shippedRequirements, 'utf8'));
  }
  recordRequirementsFiles(tree, requirements);
  addSetupScript(tree, requirements);
  ignoreVenvs(tree);
  return requirements;
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

/** Registered kfp entries that do not name a requirements file get the one chosen, unless it is the default. */
function recordRequirementsFiles(tree: Tree, requirements: RequirementsFiles): void {
  if (kfpPluginEntries(tree).length === 0) return;
  const nxJson = readNxJson(tree)!;
  let changed = false;
  nxJson.plugins = (nxJson.plugins ?? []).map((entry) => {
    const expanded = typeof entry === 'string' ? { plugin: entry } : entry;
    if (expanded.plugin !== PLUGIN_NAME) return entry;
    const options: Record<string, unknown> = { ...(expanded.options as Record<string, unknown> | undefined) };
    const missing = PIPELINE_SDKS.filter((sdk) => options[SDK_ENVIRONMENTS[sdk].requirementsOption] === undefined && requirements[sdk] !== SDK_ENVIRONMENTS[sdk].defaultRequirementsFile);
    if (missing.length === 0) return entry;
    for (const sdk of missing) options[SDK_ENVIRONMENTS[sdk].requirementsOption] = requirements[sdk];
    changed = true;
    return { ...expanded, options };
  });
  if (changed) updateNxJson(tree, nxJson);
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

