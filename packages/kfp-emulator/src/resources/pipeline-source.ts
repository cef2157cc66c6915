import { parse } from 'yaml';
import { ApiError, internalServerError, invalidInput, notFound } from '../errors/api-error';
import type { StoredParameter, StoredPipelineSpec, StoredPipelineVersion } from '../state/state';
import { Verbatim } from '../wire/to-wire';
import type { PipelineSpecInput, ResourceReferenceInput } from '../wire/messages';
import type { ServiceContext } from './context';
import { pipelineIdFromRefs, pipelineVersionIdFromRefs } from './references';
import { parseWorkflow, verifyParameters, verifyParameterSize, type ArgoWorkflow } from './workflow';

export interface ResolvedPipeline {
  spec: StoredPipelineSpec;
  /** The Argo workflow to run, when the pipeline is a v1 (Argo) pipeline. */
  workflow?: ArgoWorkflow;
  pipelineVersionId?: string;
}

/** The latest version by creation, used when only a pipeline id is given. */
export function latestVersion(ctx: ServiceContext, pipelineId: string): StoredPipelineVersion | undefined {
  const versions = ctx.state.pipelineVersions.filter((v) => v.pipelineId === pipelineId);
  return versions.sort((a, b) => b.createdMs - a.createdMs || b.seq - a.seq)[0];
}

export interface PipelineSourceOptions {
  /** The internal-server-error context the caller wraps a fetch failure in (the client only sees "Internal Server Error"). */
  fetchFailure: string;
  /** A pipeline id alone selects its latest version now (2.1), or is left to the controller at each run (jobs on 2.14). */
  resolveLatestVersion: boolean;
}

/**
 * Where a run or job gets its pipeline from: a PIPELINE_VERSION reference, a pipeline id (its latest
 * version), or an inline manifest, as fetchTemplateFromPipelineSpec does (resource/resource_manager.go
 * at 2.1.0). A stored version's manifest is copied into the run or job, as the server stores it (JSON).
 */
export function resolvePipeline(
  ctx: ServiceContext,
  spec: PipelineSpecInput | undefined,
  refs: ResourceReferenceInput[] | undefined,
  options: PipelineSourceOptions,
): ResolvedPipeline {
  const parameters: StoredParameter[] = (spec?.parameters ?? []).map((p) => ({ name: p.name ?? '', value: p.value ?? '' }));
  verifyParameterSize(parameters);
  const runtimeConfig = spec?.runtime_config
    ? { parameters: spec.runtime_config.parameters, pipelineRoot: spec.runtime_config.pipeline_root }
    : undefined;

  const pipelineId = spec?.pipeline_id || pipelineIdFromRefs(refs);
  const versionId = pipelineVersionIdFromRefs(refs);
  if (!versionId && pipelineId && !options.resolveLatestVersion) {
    // Pinned to no version: the manifest is looked up when each run starts.
    const latest = findSourceVersion(ctx, '', pipelineId, options.fetchFailure);
    if (isArgoTemplate(latest.template)) verifyParameters(parseWorkflow(latest.template, 'the pipeline version template'), parameters);
    return { spec: { pipelineId, parameters, runtimeConfig } };
  }
  if (versionId || pipelineId) {
    const version = findSourceVersion(ctx, versionId, pipelineId, options.fetchFailure);
    const workflow = isArgoTemplate(version.template) ? parseWorkflow(version.template, 'the pipeline version template') : undefined;
    if (workflow) verifyParameters(workflow, parameters);
    const manifest = workflow ? { workflowManifest: JSON.stringify(workflow) } : { pipelineManifest: version.template };
    return {
      spec: { pipelineId: version.pipelineId, pipelineName: version.name, ...manifest, parameters, runtimeConfig },
      workflow,
      pipelineVersionId: version.id,
    };
  }
  if (spec?.pipeline_manifest || spec?.workflow_manifest) {
    const manifest = spec.pipeline_manifest || spec.workflow_manifest || '';
    if (!isArgoTemplate(manifest) && spec.pipeline_manifest) {
      return { spec: { pipelineManifest: spec.pipeline_manifest, parameters, runtimeConfig } };
    }
    const workflow = parseWorkflow(manifest, 'pipeline_spec.workflow_manifest');
    verifyParameters(workflow, parameters);
    return { spec: { workflowManifest: manifest, parameters, runtimeConfig }, workflow };
  }
  throw internalServerError(options.fetchFailure, invalidInput('Failed to fetch a template with an empty pipeline spec manifest'));
}

/** fetchPipelineVersionFromPipelineSpec: the referenced version, or the pipeline's latest. */
function findSourceVersion(ctx: ServiceContext, versionId: string, pipelineId: string, fetchFailure: string): StoredPipelineVersion {
  const failed = (cause: ApiError, context: string): ApiError =>
    internalServerError(fetchFailure, cause.wrap(context).wrap('Failed to fetch a template due to error retrieving pipeline version'));
  if (versionId) {
    const version = ctx.state.pipelineVersions.find((v) => v.id === versionId);
    if (!version) throw failed(notFound('PipelineVersion', versionId), `Failed to fetch a pipeline version and its manifest from pipeline version ${versionId}`);
    return version;
  }
  const version = latestVersion(ctx, pipelineId);
  if (!version) {
    const cause = ctx.state.pipelines.some((p) => p.id === pipelineId) ? notFound('PipelineVersion', pipelineId) : notFound('Pipeline', pipelineId);
    throw failed(cause, `Failed to fetch a pipeline version and its manifest from pipeline ${pipelineId}`);
  }
  return version;
}

/** Whether a pipeline file is an Argo Workflow, read as YAML (which includes JSON, compact or not), as the server does. */
export function isArgoTemplate(template: string): boolean {
  try {
    const doc: unknown = parse(template);
    if (typeof doc !== 'object' || doc === null) return false;
    const { kind, apiVersion } = doc as { kind?: unknown; apiVersion?: unknown };
    return kind === 'Workflow' && typeof apiVersion === 'string' && apiVersion.startsWith('argoproj.io/');
  } catch {
    return false;
  }
}

/** Effective service account: explicit, else the workflow's own unless it is empty or the KFP default. */
export function effectiveServiceAccount(ctx: ServiceContext, requested: string | undefined, workflow: ArgoWorkflow | undefined): string {
  if (requested) return requested;
  const fromWorkflow = workflow?.spec?.serviceAccountName ?? '';
  if (fromWorkflow !== '' && fromWorkflow !== 'pipeline-runner') return fromWorkflow;
  return ctx.multiUser ? 'default-editor' : 'pipeline-runner';
}

export function toApiPipelineSpec(spec: StoredPipelineSpec): Record<string, unknown> {
  return {
    pipeline_id: spec.pipelineId,
    pipeline_name: spec.pipelineName,
    workflow_manifest: spec.workflowManifest,
    pipeline_manifest: spec.pipelineManifest,
    parameters: spec.parameters.map((p) => ({ name: p.name, value: p.value })),
    runtime_config: spec.runtimeConfig
      ? { parameters: spec.runtimeConfig.parameters && new Verbatim(spec.runtimeConfig.parameters), pipeline_root: spec.runtimeConfig.pipelineRoot }
      : undefined,
  };
}
