import type { ServiceContext } from '../../resources/context';
import type { PipelineSourceInput } from '../../resources/pipeline-source';
import { pipelineSpecStruct, pipelineSpecStructToYaml, sortKeysDeep } from '../../resources/pipeline-spec';
import type { StoredPipelineSpec } from '../../state/state';
import { Verbatim } from '../../wire/to-wire';
import type { RuntimeConfigInput } from '../../wire/v2beta1-messages';

interface PipelineSourceFields {
  pipeline_spec?: Record<string, unknown>;
  pipeline_version_reference?: { pipeline_id?: string; pipeline_version_id?: string };
  runtime_config?: RuntimeConfigInput;
}

/**
 * A v2beta1 run's or recurring run's pipeline (toModelRun, toModelJob in server/api_converter.go at
 * 2.1.0): a pipeline version reference, or an inline pipeline_spec stored as YAML; typed runtime_config
 * values. The deprecated pipeline_version_id is not read. 2.1.0's toModelJob converts a missing
 * pipeline_spec too, to "null" (2.14.0 checks for nil first).
 */
export function pipelineSourceV2(ctx: ServiceContext, input: PipelineSourceFields, nullSpecAs?: string): PipelineSourceInput {
  const reference = input.pipeline_version_reference;
  const runtime = input.runtime_config;
  return {
    pipelineId: reference?.pipeline_id ?? '',
    pipelineVersionId: reference?.pipeline_version_id ?? '',
    pipelineManifest: input.pipeline_spec ? pipelineSpecStructToYaml(input.pipeline_spec) : ctx.flavor === '2.1' ? nullSpecAs : undefined,
    parameters: [],
    runtimeConfig: runtime && { parameters: runtime.parameters, pipelineRoot: runtime.pipeline_root },
  };
}

/**
 * runtime_config as toApiRun and toApiRecurringRun answer it: the typed values, else a v1 row's
 * parameters as strings (toMapProtoStructParameters), else none.
 */
export function toApiRuntimeConfigV2(spec: StoredPipelineSpec): Record<string, unknown> | undefined {
  const runtime = spec.runtimeConfig;
  const parameters = runtime?.parameters && Object.keys(runtime.parameters).length > 0 ? runtime.parameters : undefined;
  if (parameters || runtime?.pipelineRoot) {
    return { parameters: parameters && new Verbatim(sortKeysDeep(parameters)), pipeline_root: runtime?.pipelineRoot };
  }
  if (spec.parameters.length === 0) return undefined;
  return { parameters: new Verbatim(sortKeysDeep(Object.fromEntries(spec.parameters.map((p) => [p.name, p.value])))) };
}

/** A stored manifest as a `pipeline_spec` Struct (yamlStringToPipelineSpecStruct), keys sorted as protojson writes a Struct. */
export function toApiPipelineSpecStruct(manifest: string): Verbatim | undefined {
  const struct = pipelineSpecStruct(manifest);
  return struct && new Verbatim(sortKeysDeep(struct));
}
