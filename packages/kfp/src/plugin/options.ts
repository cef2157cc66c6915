import { z } from 'zod';
import { SDK_ENVIRONMENTS } from '../python/sdk-environment';
import { DEFAULT_RENDER_TIMEOUT } from '../render/defaults';

/** Options of the kfp plugin entry in nx.json, validated once per graph build. */
export const pluginOptionsSchema = z
  .object({
    renderTargetName: targetName('render', 'Name of the inferred target that renders a pipeline.'),
    runTargetName: targetName('run', 'Name of the inferred target that starts a one-off run of a pipeline.'),
    validateTargetName: targetName('validate', 'Name of the inferred target that validates a team folder offline.'),
    planTargetName: targetName('plan', 'Name of the inferred target that shows the reconcile plan of a team without changing anything.'),
    reconcileTargetName: targetName('reconcile', 'Name of the inferred target that applies a team folder to its KFP namespace.'),
    python: z
      .string()
      .min(1)
      .optional()
      .describe('Python interpreter that renders v1 pipelines (kfp==1.8.22): a workspace-relative path (e.g. .venv/bin/python) or a command on PATH. The KFP_PYTHON environment variable overrides it. Default: .venv/bin/python when it exists, else python3.'),
    pythonV2: z
      .string()
      .min(1)
      .optional()
      .describe('Python interpreter that renders v2 pipelines (sdk: v2, kfp==2.8.0): a workspace-relative path (e.g. .venv-v2/bin/python) or a command on PATH. The KFP_PYTHON_V2 environment variable overrides it. Default: .venv-v2/bin/python when it exists, else python3.'),
    requirementsFile: z
      .string()
      .min(1)
      .default(SDK_ENVIRONMENTS.v1.defaultRequirementsFile)
      .describe('Pinned Python requirements of v1 pipelines (workspace-relative); part of the render cache key of every v1 pipeline.'),
    requirementsFileV2: z
      .string()
      .min(1)
      .default(SDK_ENVIRONMENTS.v2.defaultRequirementsFile)
      .describe('Pinned Python requirements of v2 pipelines (workspace-relative); part of the render cache key of every v2 pipeline.'),
    sharedPythonPaths: z
      .array(z.string().min(1))
      .default([])
      .describe('Workspace-relative folders of Python code shared by pipelines. They are put on sys.path, and a pipeline that imports from one re-renders when it changes.'),
    renderTimeout: z.number().int().positive().default(DEFAULT_RENDER_TIMEOUT).describe('Seconds a single pipeline render may take.'),
  })
  .strict();

export type PluginOptions = z.input<typeof pluginOptionsSchema>;
export type NormalizedPluginOptions = z.output<typeof pluginOptionsSchema>;

function targetName(fallback: string, description: string) {
  return z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9:_-]*$/, 'must be a target name (letters, digits, ":", "_" and "-")')
    .default(fallback)
    .describe(description);
}

export class PluginOptionsError extends Error {
  override name = 'PluginOptionsError';
}

/** Applies defaults and rejects unknown or malformed options with one readable message. */
export function normalizePluginOptions(options: unknown): NormalizedPluginOptions {
  const result = pluginOptionsSchema.safeParse(options ?? {});
  if (result.success) {
    const names = [result.data.renderTargetName, result.data.runTargetName, result.data.validateTargetName, result.data.planTargetName, result.data.reconcileTargetName];
    const duplicate = names.find((name, i) => names.indexOf(name) !== i);
    if (duplicate) throw new PluginOptionsError(`Invalid options for the "kfp" plugin in nx.json: the target name "${duplicate}" is used twice.`);
    return { ...result.data, sharedPythonPaths: result.data.sharedPythonPaths.map(trimSlashes) };
  }
  const lines = result.error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : '(options)';
    if (issue.code === 'unrecognized_keys') return `  - ${issue.keys.map((k) => `"${k}"`).join(', ')}: unknown option (known: ${Object.keys(pluginOptionsSchema.shape).join(', ')})`;
    return `  - ${where}: ${issue.message}`;
  });
  throw new PluginOptionsError(`Invalid options for the "kfp" plugin in nx.json:\n${lines.join('\n')}`);
}

function trimSlashes(path: string): string {
  return path.replace(/^\.\//, '').replace(/\/+$/, '');
}
