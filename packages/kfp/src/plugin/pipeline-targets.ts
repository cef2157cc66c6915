import type { TargetConfiguration } from '@nx/devkit';
import { renderedFolderName } from '../pipeline/layout';
import { SDK_ENVIRONMENTS, venvPython, type SdkEnvironment } from '../python/sdk-environment';
import type { NormalizedPluginOptions } from './options';
import type { PipelineConfig } from '../pipeline/pipeline-config';
import { RENDER_EXECUTOR } from '../pipeline/render-target';

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
 * The render cache key's view of an SDK's interpreter: what it is, never where
 * it is, so that checkouts at other paths and CI machines with the interpreter
 * installed elsewhere share cache entries (the interpreter variable itself, an
 * absolute path, is therefore no input). It runs the interpreter render picks
 * (the SDK's variable, else the option, else its venv, else python3; see
 * resolveInterpreter) from the workspace root.
 */
export function interpreterRuntimeInput(python: string | undefined, environment: SdkEnvironment = SDK_ENVIRONMENTS.v1): { runtime: string } {
  const interpreter = `"\${${environment.envVar}:-${python ?? venvPython(environment)}}"`;
  return { runtime: `${interpreter} -c '${PYTHON_AND_KFP_VERSIONS}' 2>&1 || python3 --version 2>&1 || echo no-python` };
}

/** The interpreter option of the pipeline's SDK (`python` for v1, `pythonV2` for v2), if set. */
function pythonFor(facts: PipelineProjectFacts, options: NormalizedPluginOptions): string | undefined {
  return options[SDK_ENVIRONMENTS[facts.config.sdk].pythonOption];
}

/**
 * The render target: cacheable, keyed on the pipeline sources, the shared code
 * it imports and the Python environment of its SDK (that SDK's requirements
 * file and interpreter), so a change to one SDK's environment re-renders
 * exactly the pipelines of that SDK.
 */
export function renderTarget(facts: PipelineProjectFacts, options: NormalizedPluginOptions): TargetConfiguration {
  const environment = SDK_ENVIRONMENTS[facts.config.sdk];
  const python = pythonFor(facts, options);
  return {
    executor: RENDER_EXECUTOR,
    cache: true,
    inputs: [
      '{projectRoot}/**/*',
      '!{projectRoot}/RENDERED_PIPELINE*/**/*',
      ...facts.sharedPaths.map((p) => `{workspaceRoot}/${p}/**/*`),
      `{workspaceRoot}/${options[environment.requirementsOption]}`,
      interpreterRuntimeInput(python, environment),
    ],
    outputs: renderedFolders(facts.config).map((folder) => `{projectRoot}/${folder}`),
    options: {
      sdk: facts.config.sdk,
      script: facts.config.script,
      args: facts.config.args,
      ...(facts.config.variants ? { variants: facts.config.variants } : {}),
      ...(python ? { python } : {}),
      pythonPaths: options.sharedPythonPaths,
      timeout: options.renderTimeout,
    },
    configurations: {
      check: { check: true },
    },
    metadata: {
      description: `Render the KFP ${facts.config.sdk} pipeline ${facts.config.script} into ${renderedFolders(facts.config).join(', ')} (--check: verify the committed output is up to date, write nothing)`,
      technologies: ['kfp', 'python'],
      help: { command: `npx nx run ${facts.name}:${options.renderTargetName} --help`, example: { options: { check: true } } },
    },
  };
}

/** The run target: starts a one-off run of the committed render on a cluster. Never cached. */
export function runTarget(facts: PipelineProjectFacts, options: NormalizedPluginOptions): TargetConfiguration {
  const variants = Object.keys(facts.config.variants ?? {});
  const python = pythonFor(facts, options);
  return {
    executor: 'kfp:run',
    cache: false,
    options: {
      ...(variants.length > 0 ? { variant: variants[0] } : {}),
      // The interpreter of the pipeline's SDK: run re-renders to refuse a stale render.
      ...(python ? { python } : {}),
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
