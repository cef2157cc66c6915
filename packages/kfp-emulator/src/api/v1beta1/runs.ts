import { authorize } from '../../auth/authorize';
import { ApiError, internalServerError, invalidInput } from '../../errors/api-error';
import type { Caller, Query, ServiceContext } from '../../resources/context';
import { listQuery } from '../../resources/list-scope';
import * as runs from '../../resources/runs';
import type { StoredRun } from '../../state/state';
import { decodeMessage } from '../../wire/message-schema';
import { formatTimestamp } from '../../wire/timestamp';
import { ReportRunMetricsSchema, RunSchema, type RunInput } from '../../wire/v1beta1-messages';
import { pipelineSourceV1, toApiPipelineSpecV1 } from './pipeline-spec';
import { experimentIdFromRefs, namespaceFromRefs, ref, referenceKey, rowScope, type WireReference } from './references';

/**
 * toApiRunV1 after model.Run.ToV1 (server/api_converter.go, model/run.go at 2.1.0): references in the
 * order EXPERIMENT, NAMESPACE (OWNER), then JOB, or else PIPELINE_VERSION, or else PIPELINE (CREATOR).
 */
export function toApiRunV1(r: StoredRun): Record<string, unknown> {
  const refs: WireReference[] = [ref('EXPERIMENT', r.experimentId, 'OWNER')];
  if (r.namespace) refs.push(ref('NAMESPACE', r.namespace, 'OWNER'));
  if (r.jobId) refs.push(ref('JOB', r.jobId, 'CREATOR'));
  else if (r.pipelineVersionId) refs.push(ref('PIPELINE_VERSION', r.pipelineVersionId, 'CREATOR'));
  else if (r.pipelineSpec.pipelineId) refs.push(ref('PIPELINE', r.pipelineSpec.pipelineId, 'CREATOR'));
  return {
    id: r.id,
    name: r.name,
    // AVAILABLE is enum 0 for runs, so only ARCHIVED is ever visible.
    storage_state: r.storageState === 'ARCHIVED' ? 'STORAGESTATE_ARCHIVED' : undefined,
    description: r.description,
    pipeline_spec: toApiPipelineSpecV1(r.pipelineSpec),
    resource_references: refs,
    service_account: r.serviceAccount,
    created_at: formatTimestamp(r.createdMs),
    scheduled_at: formatTimestamp(r.scheduledMs),
    finished_at: formatTimestamp(r.finishedMs ?? 0),
    status: r.status,
    error: r.error,
    metrics: r.metrics?.map((m) => ({ ...m, format: m.format === 'UNSPECIFIED' ? undefined : m.format })),
  };
}

/** toApiRunDetailV1: the workflow as submitted (the emulator compiles no v2 pipeline spec, so a v2 run has none). */
export function toApiRunDetailV1(r: StoredRun): Record<string, unknown> {
  return { run: toApiRunV1(r), pipeline_runtime: { workflow_manifest: r.runtimeManifest } };
}

/** RunServer.CreateRunV1 (2.1.0); errors carry the server's wraps. */
export function createRunV1(ctx: ServiceContext, caller: Caller, body: unknown): Record<string, unknown> {
  const action = 'Failed to create a new v1beta1 run';
  const input = decodeMessage(body, RunSchema, ctx.decodeOptions) as RunInput;
  const name = input.name || input.pipeline_spec?.pipeline_name || '';
  try {
    if (!name) {
      const context = 'Failed to convert a v1beta1 API run detail to its internal representation';
      // The wrap's text is the server's own.
      throw internalServerError(context, invalidInput('Run name cannot be empty')).wrap('CreateJob(job.ToV2())Failed to create a v1beta1 run due to conversion error');
    }
    const run = runs.createRun(ctx, caller, {
      name,
      description: input.description ?? '',
      experimentId: experimentIdFromRefs(input.resource_references),
      namespace: namespaceFromRefs(input.resource_references),
      serviceAccount: input.service_account ?? '',
      source: pipelineSourceV1(input.pipeline_spec, input.resource_references),
    });
    return toApiRunDetailV1(run);
  } catch (error) {
    throw error instanceof ApiError ? error.wrap(action) : error;
  }
}

export const getRunV1 = (ctx: ServiceContext, caller: Caller, id: string) => toApiRunDetailV1(runs.getRun(ctx, caller, id));

/** ListRunsV1: by EXPERIMENT or NAMESPACE reference; multi-user mode requires one. */
export function listRunsV1(ctx: ServiceContext, caller: Caller, query: Query): Record<string, unknown> {
  const page = runs.listRuns(ctx, caller, rowScope(referenceKey(query)), listQuery(query));
  return { runs: page.items.map(toApiRunV1), total_size: page.totalSize, next_page_token: page.nextPageToken };
}

export function reportRunMetricsV1(ctx: ServiceContext, caller: Caller, id: string, body: unknown): Record<string, unknown> {
  const run = runs.findRun(ctx, id);
  authorize(ctx, caller, run.namespace, 'reportMetrics', 'runs');
  const input = decodeMessage(body, ReportRunMetricsSchema, ctx.decodeOptions) as {
    metrics?: { name?: string; node_id?: string; number_value?: number; format?: string }[];
  };
  const stored = (run.metrics ??= []);
  const results = (input.metrics ?? []).map((m) => {
    const result = { metric_name: m.name ?? '', metric_node_id: m.node_id ?? '' };
    if (!m.name || !m.node_id) return { ...result, status: 'INVALID_ARGUMENT', message: 'metric name and node_id are required' };
    if (stored.some((s) => s.name === m.name && s.node_id === m.node_id)) return { ...result, status: 'DUPLICATE_REPORTING' };
    stored.push({ name: m.name, node_id: m.node_id, number_value: m.number_value ?? 0, format: m.format ?? 'UNSPECIFIED' });
    return { ...result, status: 'OK' };
  });
  return { results };
}
