import type { TargetConfiguration } from '@nx/devkit';
import { renderedFolderName } from '../pipeline/layout';
import type { NormalizedPluginOptions } from './options';
import type { PipelineConfig } from './pipeline-config';

export interface PipelineProjectFacts {
  name: string;
  config: PipelineConfig;
  /** Shared Python folders this pipeline imports from (workspace-relative). */
  sharedPaths: string[];
}

/** Output folders of a pipeline: one per variant, or the single default folder. */
export function renderedFolders(config: PipelineConfig): string[] {
  const variants = Object.keys(config.variants ?? {});
  return variants.length > 0 ? variants.map((v) => renderedFolderName(v)) : [renderedFolderName()];
}

/** Prints the Python and kfp versions of the interpreter it runs in; reads kfp's installed metadata, never imports it (hashing runs this). */
const PYTHON_AND_KFP_VERSIONS = `import importlib.metadata as m, platform; print("python", platform.python_version(), "kfp", next((d.version for d in m.distributions(name="kfp")), "none"))`;

/**
 * The render cache key's view of the interpreter: what it is, never where it is,
 * so that checkouts at other paths and CI machines with the interpreter installed
 * elsewhere share cache entries. It runs the interpreter render picks (KFP_PYTHON,
 * else the option, else .venv, else python3; see resolveInterpreter) from the
 * workspace root.
 */
export function interpreterRuntimeInput(python: string | undefined): { runtime: string } {
  const interpreter = `"\${KFP_PYTHON:-${python ?? '.venv/bin/python'}}"`;
  return { runtime: `${interpreter} -c '${PYTHON_AND_KFP_VERSIONS}' 2>&1 || python3 --version 2>&1 || echo no-python` };
}

/** The render target: cacheable, keyed on the pipeline sources, the shared code it imports and the Python environment. */
export function renderTarget(facts: PipelineProjectFacts, options: NormalizedPluginOptions): TargetConfiguration {
  return {
    executor: 'kfp:render',
    cache: true,
    inputs: [
      '{projectRoot}/**/*',
      '!{projectRoot}/RENDERED_PIPELINE*/**/*',
      ...facts.sharedPaths.map((p) => `{workspaceRoot}/${p}/**/*`),
      `{workspaceRoot}/${options.requirementsFile}`,
      interpreterRuntimeInput(options.python),
    ],
    outputs: renderedFolders(facts.config).map((folder) => `{projectRoot}/${folder}`),
    options: {
      script: facts.config.script,
      args: facts.config.args,
      ...(facts.config.variants ? { variants: facts.config.variants } : {}),
      ...(options.python ? { python: options.python } : {}),
      pythonPaths: options.sharedPythonPaths,
      timeout: options.renderTimeout,
    },
    configurations: {
      check: { check: true },
    },
    metadata: {
      description: `Render the KFP v1 pipeline ${facts.config.script} into ${renderedFolders(facts.config).join(', ')} (--check: verify the committed output is up to date, write nothing)`,
      technologies: ['kfp', 'python'],
      help: { command: `npx nx run ${facts.name}:${options.renderTargetName} --help`, example: { options: { check: true } } },
    },
  };
}

/** The run target: starts a one-off run of the committed render on a cluster. Never cached. */
export function runTarget(facts: PipelineProjectFacts, options: NormalizedPluginOptions): TargetConfiguration {
  const variants = Object.keys(facts.config.variants ?? {});
  return {
    executor: 'kfp:run',
    cache: false,
    options: {
      ...(variants.length > 0 ? { variant: variants[0] } : {}),
      ...(options.python ? { python: options.python } : {}),
    },
    metadata: {
      description: 'Start a one-off run of the rendered pipeline on a KFP cluster (KFP_HOST, KFP_NAMESPACE or --host, --namespace)',
      technologies: ['kfp'],
      help: { command: `npx nx run ${facts.name}:${options.runTargetName} --help`, example: { options: { experiment: 'my-experiment', wait: true } } },
    },
  };
}

export function pipelineTargets(facts: PipelineProjectFacts, options: NormalizedPluginOptions): Record<string, TargetConfiguration> {
  return {
    [options.renderTargetName]: renderTarget(facts, options),
    [options.runTargetName]: runTarget(facts, options),
  };
}
