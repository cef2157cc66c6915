import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

/** Where the project-managed virtual environment lives, relative to the workspace root. */
export const DEFAULT_VENV = '.venv';

export interface InterpreterChoice {
  /** Absolute path, or a bare command name looked up on PATH. */
  command: string;
  /** Why this interpreter was chosen, for messages. */
  source: 'KFP_PYTHON' | 'option' | 'venv' | 'PATH';
}

/**
 * Picks the Python interpreter for rendering. `KFP_PYTHON` wins so a user (or CI)
 * can point at their own environment without editing nx.json; then the target's
 * `python` option (set from the plugin options); then the workspace's `.venv`;
 * then `python3` on PATH.
 */
export function resolveInterpreter(workspaceRoot: string, option: string | undefined, env: NodeJS.ProcessEnv): InterpreterChoice {
  const fromEnv = env.KFP_PYTHON?.trim();
  if (fromEnv) return { command: toCommand(workspaceRoot, fromEnv), source: 'KFP_PYTHON' };
  if (option) return { command: toCommand(workspaceRoot, option), source: 'option' };
  const venvPython = join(workspaceRoot, DEFAULT_VENV, process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python');
  if (existsSync(venvPython)) return { command: venvPython, source: 'venv' };
  return { command: 'python3', source: 'PATH' };
}

/** Paths with a separator are workspace-relative files; bare names are commands on PATH. */
function toCommand(workspaceRoot: string, value: string): string {
  if (isAbsolute(value) || !/[\\/]/.test(value)) return value;
  return resolve(workspaceRoot, value);
}

/** The hint every interpreter failure ends with. */
export function interpreterHint(choice: InterpreterChoice): string {
  const how =
    choice.source === 'KFP_PYTHON'
      ? 'it comes from the KFP_PYTHON environment variable'
      : choice.source === 'option'
        ? 'it comes from the "python" option (plugin options in nx.json or the target in project.json)'
        : choice.source === 'venv'
          ? `it is the workspace's ${DEFAULT_VENV}`
          : `no ${DEFAULT_VENV} was found in the workspace, so python3 from PATH was used`;
  return `Python interpreter ${choice.command} (${how}). Create the pinned environment with "npm run setup:kfp" (the script nx g kfp:init adds; it runs kfp-venv with the workspace's requirements file) or set KFP_PYTHON to an interpreter that has kfp==1.8.22 installed.`;
}
