import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { DEFAULT_PIPELINE_SDK, type PipelineSdk } from '../pipeline/layout';
import { SDK_ENVIRONMENTS, venvPython } from './sdk-environment';

export interface InterpreterChoice {
  /** Absolute path, or a bare command name looked up on PATH. */
  command: string;
  /** Why this interpreter was chosen, for messages: the SDK's environment variable, the option, its venv, or PATH. */
  source: 'env' | 'option' | 'venv' | 'PATH';
  /** The SDK of the pipelines it renders. */
  sdk: PipelineSdk;
}

/**
 * Picks the Python interpreter that renders pipelines of one SDK. The SDK's
 * environment variable (`KFP_PYTHON`, `KFP_PYTHON_V2`) wins so a user (or CI)
 * can point at their own environment without editing nx.json; then the
 * target's `python` option (set from the plugin option of that SDK); then the
 * workspace's venv of that SDK (`.venv`, `.venv-v2`); then `python3` on PATH.
 */
export function resolveInterpreter(workspaceRoot: string, option: string | undefined, env: NodeJS.ProcessEnv, sdk: PipelineSdk = DEFAULT_PIPELINE_SDK): InterpreterChoice {
  const environment = SDK_ENVIRONMENTS[sdk];
  const fromEnv = env[environment.envVar]?.trim();
  if (fromEnv) return { command: toCommand(workspaceRoot, fromEnv), source: 'env', sdk };
  if (option) return { command: toCommand(workspaceRoot, option), source: 'option', sdk };
  const inVenv = resolve(workspaceRoot, venvPython(environment));
  if (existsSync(inVenv)) return { command: inVenv, source: 'venv', sdk };
  return { command: 'python3', source: 'PATH', sdk };
}

/** Paths with a separator are workspace-relative files; bare names are commands on PATH. */
function toCommand(workspaceRoot: string, value: string): string {
  if (isAbsolute(value) || !/[\\/]/.test(value)) return value;
  return resolve(workspaceRoot, value);
}

/** The hint every interpreter failure ends with: where the interpreter came from, and how to get the right one. */
export function interpreterHint(choice: InterpreterChoice): string {
  const environment = SDK_ENVIRONMENTS[choice.sdk];
  const how =
    choice.source === 'env'
      ? `it comes from the ${environment.envVar} environment variable`
      : choice.source === 'option'
        ? `it comes from the "${environment.pythonOption}" option (plugin options in nx.json or the render target in project.json)`
        : choice.source === 'venv'
          ? `it is the workspace's ${environment.venv}`
          : `no ${environment.venv} was found in the workspace, so python3 from PATH was used`;
  return (
    `Python interpreter ${choice.command} for ${choice.sdk} pipelines (${how}). ` +
    `Create the pinned environments (${SDK_ENVIRONMENTS.v1.venv} with ${SDK_ENVIRONMENTS.v1.kfpPin}, ${SDK_ENVIRONMENTS.v2.venv} with ${SDK_ENVIRONMENTS.v2.kfpPin}) with "npm run setup:kfp" ` +
    `(the script nx g kfp:init adds; it runs kfp-venv with the workspace's requirements files), or set ${environment.envVar} to an interpreter that has ${environment.kfpPin} installed.`
  );
}
