import type { PipelineSourceInput } from '../../resources/pipeline-source';
import { sortKeysDeep } from '../../resources/pipeline-spec';
import type { StoredPipelineSpec } from '../../state/state';
import { Verbatim } from '../../wire/to-wire';
import type { PipelineSpecInput, ResourceReferenceInput } from '../../wire/v1beta1-messages';
import { pipelineIdFromRefs, pipelineVersionIdFromRefs } from './references';

/** A v1beta1 run's or job's pipeline: pipeline_spec, and PIPELINE / PIPELINE_VERSION references (toModelRun, toModelJob). */
export function pipelineSourceV1(spec: PipelineSpecInput | undefined, refs: ResourceReferenceInput[] | undefined): PipelineSourceInput {
  return {
    pipelineId: spec?.pipeline_id || pipelineIdFromRefs(refs),
    pipelineVersionId: pipelineVersionIdFromRefs(refs),
    pipelineManifest: spec?.pipeline_manifest,
    workflowManifest: spec?.workflow_manifest,
    parameters: (spec?.parameters ?? []).map((p) => ({ name: p.name ?? '', value: p.value ?? '' })),
    runtimeConfig: spec?.runtime_config && { parameters: spec.runtime_config.parameters, pipelineRoot: spec.runtime_config.pipeline_root },
  };
}

/**
 * The pipeline_spec of toApiRunV1 / toApiJobV1 (server/api_converter.go at 2.1.0): the manifests as
 * stored, v1 parameters, and the typed runtime_config only when there are no v1 parameters (a v2 row).
 */
export function toApiPipelineSpecV1(spec: StoredPipelineSpec): Record<string, unknown> {
  const runtime = spec.runtimeConfig;
  const showRuntime = spec.parameters.length === 0 && runtime !== undefined && (Object.keys(runtime.parameters ?? {}).length > 0 || !!runtime.pipelineRoot);
  return {
    pipeline_id: spec.pipelineId,
    pipeline_name: spec.pipelineName,
    workflow_manifest: spec.workflowManifest,
    pipeline_manifest: spec.pipelineManifest,
    parameters: spec.parameters.map((p) => ({ name: p.name, value: p.value })),
    runtime_config: showRuntime
      ? { parameters: runtime.parameters && new Verbatim(sortKeysDeep(runtime.parameters)), pipeline_root: runtime.pipelineRoot }
      : undefined,
  };
}
