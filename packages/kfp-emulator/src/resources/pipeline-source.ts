import { parse } from 'yaml';
import { internal, invalidInput, notFound } from '../errors/api-error';
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

/** Where a run or job gets its pipeline from: a version reference, a pipeline id, or an inline manifest. */
export function resolvePipeline(
  ctx: ServiceContext,
  spec: PipelineSpecInput | undefined,
  refs: ResourceReferenceInput[] | undefined,
  action: string,
): ResolvedPipeline {
  const parameters: StoredParameter[] = (spec?.parameters ?? []).map((p) => ({ name: p.name ?? '', value: p.value ?? '' }));
  verifyParameterSize(parameters);
  const runtimeConfig = spec?.runtime_config
    ? { parameters: spec.runtime_config.parameters, pipelineRoot: spec.runtime_config.pipeline_root }
    : undefined;

  const version = findSourceVersion(ctx, spec, refs, action);
  if (version) {
    const workflow = isArgoTemplate(version.template) ? parseWorkflow(version.template, 'the pipeline version template') : undefined;
    if (workflow) verifyParameters(workflow, parameters);
    return {
      spec: { pipelineId: version.pipelineId, pipelineName: version.name, parameters, runtimeConfig },
      workflow,
      pipelineVersionId: version.id,
    };
  }
  if (spec?.workflow_manifest) {
    const workflow = parseWorkflow(spec.workflow_manifest, 'pipeline_spec.workflow_manifest');
    verifyParameters(workflow, parameters);
    return { spec: { workflowManifest: spec.workflow_manifest, parameters, runtimeConfig }, workflow };
  }
  if (spec?.pipeline_manifest) {
    return { spec: { pipelineManifest: spec.pipeline_manifest, parameters, runtimeConfig } };
  }
  throw invalidInput(
    'Pipeline spec is empty: set pipeline_spec.workflow_manifest, pipeline_spec.pipeline_manifest, pipeline_spec.pipeline_id or a PIPELINE_VERSION/CREATOR reference',
  ).wrap(action);
}

function findSourceVersion(
  ctx: ServiceContext,
  spec: PipelineSpecInput | undefined,
  refs: ResourceReferenceInput[] | undefined,
  action: string,
): StoredPipelineVersion | undefined {
  const versionId = pipelineVersionIdFromRefs(refs);
  if (versionId) {
    const version = ctx.state.pipelineVersions.find((v) => v.id === versionId);
    // 2.x wraps the fetch error as an internal error, hence 500 rather than 404.
    if (!version) throw internal(notFound('PipelineVersion', versionId).message).wrap(`${action}: Failed to fetch a pipeline version`);
    return version;
  }
  const pipelineId = spec?.pipeline_id || pipelineIdFromRefs(refs);
  if (!pipelineId) return undefined;
  const pipeline = ctx.state.pipelines.find((p) => p.id === pipelineId);
  if (!pipeline) throw internal(notFound('Pipeline', pipelineId).message).wrap(`${action}: Failed to fetch a pipeline`);
  const version = latestVersion(ctx, pipelineId);
  if (!version) throw internal(`Pipeline ${pipelineId} has no versions`).wrap(`${action}: Failed to fetch a pipeline version`);
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
