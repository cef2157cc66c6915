import { join } from 'node:path';
import type { PipelineSdk } from '../pipeline/layout';

/**
 * The Python environment a pipeline of each KFP SDK renders with. The two SDKs
 * cannot share one environment (kfp 1.8 and kfp 2.x are the same package), so
 * every setting that names an environment comes in a pair, chosen by the
 * pipeline's `sdk` in kfp-pipeline.yaml.
 */
export interface SdkEnvironment {
  sdk: PipelineSdk;
  /** The pinned SDK, as the shipped requirements file pins it. */
  kfpPin: string;
  /** Major version of kfp that compiles this SDK's pipelines. */
  kfpMajor: number;
  /** The virtual environment `npm run setup:kfp` creates, relative to the workspace root. */
  venv: string;
  /** Environment variable naming the interpreter; wins over the plugin option. */
  envVar: string;
  /** Plugin option naming the interpreter. */
  pythonOption: 'python' | 'pythonV2';
  /** Plugin option naming the pinned requirements file (part of the render cache key). */
  requirementsOption: 'requirementsFile' | 'requirementsFileV2';
  /** Where kfp:init writes the pinned requirements unless told otherwise. */
  defaultRequirementsFile: string;
  /** Where kfp:init writes them when the default name is taken by requirements of something else. */
  fallbackRequirementsFile: string;
  /** The requirements file shipped with the plugin. */
  shippedRequirements: string;
}

const PYTHON_DIR = join(__dirname, '..', '..', 'python');

export const SDK_ENVIRONMENTS: Readonly<Record<PipelineSdk, SdkEnvironment>> = {
  v1: {
    sdk: 'v1',
    kfpPin: 'kfp==1.8.22',
    kfpMajor: 1,
    venv: '.venv',
    envVar: 'KFP_PYTHON',
    pythonOption: 'python',
    requirementsOption: 'requirementsFile',
    defaultRequirementsFile: 'requirements.txt',
    fallbackRequirementsFile: 'requirements-kfp.txt',
    shippedRequirements: join(PYTHON_DIR, 'requirements.txt'),
  },
  v2: {
    sdk: 'v2',
    kfpPin: 'kfp==2.8.0',
    kfpMajor: 2,
    venv: '.venv-v2',
    envVar: 'KFP_PYTHON_V2',
    pythonOption: 'pythonV2',
    requirementsOption: 'requirementsFileV2',
    defaultRequirementsFile: 'requirements-v2.txt',
    fallbackRequirementsFile: 'requirements-kfp-v2.txt',
    shippedRequirements: join(PYTHON_DIR, 'requirements-v2.txt'),
  },
};

/** The interpreter inside an SDK's virtual environment, relative to the workspace root. */
export function venvPython(environment: SdkEnvironment): string {
  return join(environment.venv, process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python');
}

/** Which SDK a kfp version compiles for (`1.8.22` → v1, `2.8.0` → v2); undefined for anything else. */
export function sdkOfKfpVersion(version: string): PipelineSdk | undefined {
  const major = Number(/^(\d+)\./.exec(version)?.[1]);
  return Object.values(SDK_ENVIRONMENTS).find((environment) => environment.kfpMajor === major)?.sdk;
}
