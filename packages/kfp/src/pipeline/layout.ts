// The on-disk contract of a pipeline project, shared by inference, render, run,
// validate and reconcile so that every part agrees on names.

/** The script a pipeline folder is recognised by (the reference design's contract). */
export const PIPELINE_SCRIPT = 'pipeline.py';
/** Optional per-pipeline configuration: variants and extra render arguments. */
export const PIPELINE_CONFIG_FILE = 'kfp-pipeline.yaml';
/** The compiled Argo Workflow inside a rendered folder (KFP v1 SDK). */
export const WORKFLOW_FILE = 'workflow.yaml';
/** The compiled pipeline IR inside a rendered folder (KFP 2.x SDK). */
export const PIPELINE_SPEC_FILE = 'pipeline.yaml';

/** The KFP SDK a pipeline is written for: v1 (kfp 1.8, Argo Workflow) or v2 (kfp 2.x, pipeline IR). */
export type PipelineSdk = 'v1' | 'v2';
export const PIPELINE_SDKS: readonly PipelineSdk[] = ['v1', 'v2'];
/** The SDK of a pipeline that does not say (no `sdk:` in its kfp-pipeline.yaml). */
export const DEFAULT_PIPELINE_SDK: PipelineSdk = 'v1';

/** The file the compiler writes into the output folder. */
export function compiledFileName(sdk: PipelineSdk): string {
  return sdk === 'v2' ? PIPELINE_SPEC_FILE : WORKFLOW_FILE;
}
/** One file per pipeline parameter, holding its default value. */
export const PARAMS_DIR = 'params';
/** Digest of the normalised rendered output, kept beside it. */
export const DIGEST_FILE = '.kfp-digest';

const RENDERED_PREFIX = 'RENDERED_PIPELINE';

/** `RENDERED_PIPELINE` for the default render, `RENDERED_PIPELINE_<variant>` for a variant. */
export function renderedFolderName(variant?: string): string {
  return variant ? `${RENDERED_PREFIX}_${variant}` : RENDERED_PREFIX;
}

/** Variant names end up in folder names and target options, so keep them simple. */
export const VARIANT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
