import { authorize } from '../auth/authorize';
import { ApiError, GatewayInputError, internalServerError, invalidInput, notFound } from '../errors/api-error';
import { GrpcCode } from '../errors/grpc-codes';
import type { ListModel } from '../list/list-model';
import { stringField, timeField } from '../list/list-model';
import { listPage } from '../list/list-request';
import type { StoredRun } from '../state/state';
import { decodeMessage } from '../wire/message-schema';
import { RESOURCE_TYPES, ReportRunMetricsSchema, RunSchema, type RunInput } from '../wire/messages';
import { formatTimestamp } from '../wire/timestamp';
import { SERVER_NAMESPACE, type Caller, type Query, type ServiceContext } from './context';
import { resolveOwningExperiment } from './experiment-owner';
import { findExperiment } from './experiments';
import { listQuery } from './list-scope';
import { effectiveServiceAccount, resolvePipeline, toApiPipelineSpec } from './pipeline-source';
import { ref, type WireReference } from './references';
import { submittedWorkflow } from './workflow';

const runStorageState = (r: StoredRun): string => `STORAGESTATE_${r.storageState}`;

export const runListModel: ListModel<StoredRun> = {
  name: 'runs',
  typeName: 'Run',
  key: (r) => r.id,
  fields: {
    id: stringField((r) => r.id),
    name: stringField((r) => r.name),
    description: stringField((r) => r.description),
    created_at: timeField((r) => r.createdMs),
    scheduled_at: timeField((r) => r.scheduledMs),
    finished_at: timeField((r) => r.finishedMs ?? 0),
    status: stringField((r) => r.status),
    storage_state: {
      ...stringField(runStorageState),
      normalizeExpected: (v) => (v.startsWith('STORAGESTATE_') ? v : `STORAGESTATE_${v}`),
    },
  },
};

/**
 * toApiRunV1 after model.Run.ToV1 (server/api_converter.go, model/run.go at 2.1.0): references in the
 * order EXPERIMENT, NAMESPACE (OWNER), then JOB, or else PIPELINE_VERSION, or else PIPELINE (CREATOR).
 */
export function toApiRun(r: StoredRun): Record<string, unknown> {
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
    pipeline_spec: toApiPipelineSpec(r.pipelineSpec),
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

export function toApiRunDetail(r: StoredRun): Record<string, unknown> {
  return {
    run: toApiRun(r),
    pipeline_runtime: { workflow_manifest: r.runtimeManifest, pipeline_manifest: r.pipelineSpec.pipelineManifest },
  };
}

export function findRun(ctx: ServiceContext, id: string): StoredRun {
  const run = ctx.state.runs.find((r) => r.id === id);
  if (!run) throw notFound('Run', id);
  return run;
}

/** RunServer.CreateRunV1 and ResourceManager.CreateRun (2.1.0); errors carry the server's wraps. */
export function createRun(ctx: ServiceContext, caller: Caller, body: unknown): Record<string, unknown> {
  const action = 'Failed to create a new v1beta1 run';
  const input = decodeMessage(body, RunSchema, ctx.decodeOptions) as RunInput;
  let run: StoredRun;
  try {
    const name = input.name || input.pipeline_spec?.pipeline_name || '';
    if (!name) {
      const context = 'Failed to convert a v1beta1 API run detail to its internal representation';
      // The wrap's text is the server's own.
      throw internalServerError(context, invalidInput('Run name cannot be empty')).wrap('CreateJob(job.ToV2())Failed to create a v1beta1 run due to conversion error');
    }
    const experiment = resolveOwningExperiment(ctx, caller, input.resource_references, 'runs', 'Failed to create a run due to invalid experimentId and namespace combination');
    const pipeline = resolvePipeline(ctx, input.pipeline_spec, input.resource_references, {
      fetchFailure: 'Failed to create a run due to error fetching manifest',
      resolveLatestVersion: true,
    });
    const id = ctx.newId();
    const serviceAccount = effectiveServiceAccount(ctx, input.service_account, pipeline.workflow);
    const now = ctx.now();
    const runtimeManifest = pipeline.workflow
      ? submittedWorkflow(pipeline.workflow, {
          namespace: experiment.namespace || SERVER_NAMESPACE,
          runId: id,
          serviceAccount,
          parameters: pipeline.spec.parameters,
          macros: { runId: id, nowSec: Math.floor(now / 1000) },
          labels: {},
          annotations: { 'pipelines.kubeflow.org/run_name': name },
          templateLabels: { 'pipelines.kubeflow.org/cache_enabled': 'true' },
          createdMs: now,
        })
      : '';
    run = {
      id,
      seq: ctx.nextSeq(),
      name,
      description: input.description ?? '',
      namespace: experiment.namespace,
      experimentId: experiment.id,
      pipelineVersionId: pipeline.pipelineVersionId,
      serviceAccount,
      pipelineSpec: pipeline.spec,
      runtimeManifest,
      createdMs: now,
      scheduledMs: now,
      phaseSinceMs: now,
      status: 'Pending',
      storageState: 'AVAILABLE',
    };
  } catch (error) {
    throw error instanceof ApiError ? error.wrap(action) : error;
  }
  ctx.state.runs.push(run);
  return toApiRunDetail(run);
}

export function getRun(ctx: ServiceContext, caller: Caller, id: string): Record<string, unknown> {
  const run = findRun(ctx, id);
  authorize(ctx, caller, run.namespace, 'get', 'runs');
  return toApiRunDetail(run);
}

/** Runs and jobs are listed by EXPERIMENT or NAMESPACE reference; multi-user mode requires one. */
export function scopeByReference<T extends { namespace: string; experimentId: string }>(
  ctx: ServiceContext,
  caller: Caller,
  query: Query,
  items: readonly T[],
  resource: 'runs' | 'jobs',
): T[] {
  const type = query.get('resource_reference_key.type') ?? '';
  const id = query.get('resource_reference_key.id') ?? '';
  if (type === 'EXPERIMENT' || type === '1') {
    const experiment = findExperiment(ctx, id);
    authorize(ctx, caller, experiment.namespace, 'list', resource);
    return items.filter((i) => i.experimentId === experiment.id);
  }
  if (type === 'NAMESPACE' || type === '5') {
    if (!ctx.multiUser) return [...items];
    if (id === '') throw invalidInput(`Invalid input: namespace is empty when listing ${resource} by NAMESPACE`);
    authorize(ctx, caller, id, 'list', resource);
    return items.filter((i) => i.namespace === id);
  }
  // Other reference types (JOB, PIPELINE, ...) filter nothing: the server only looks at these two.
  if (!RESOURCE_TYPES.some((t, i) => type === t || type === String(i)) && type !== '') {
    throw new GatewayInputError(`${JSON.stringify(type)} is not a valid ResourceType`);
  }
  if (ctx.multiUser) throw invalidInput(`In multi-user mode, listing ${resource} requires filtering by a NAMESPACE or EXPERIMENT reference`);
  return [...items];
}

export function listRuns(ctx: ServiceContext, caller: Caller, query: Query): Record<string, unknown> {
  const scoped = scopeByReference(ctx, caller, query, ctx.state.runs, 'runs');
  const page = listPage(scoped, runListModel, listQuery(query));
  return { runs: page.items.map(toApiRun), total_size: page.totalSize, next_page_token: page.nextPageToken };
}

export function terminateRun(ctx: ServiceContext, caller: Caller, id: string): Record<string, unknown> {
  const run = findRun(ctx, id);
  authorize(ctx, caller, run.namespace, 'terminate', 'runs');
  if (run.status !== 'Pending' && run.status !== 'Running') {
    throw invalidInput(`Failed to terminate a run ${id}. Row not found`).wrap('Failed to terminate run');
  }
  run.status = 'Terminating';
  run.phaseSinceMs = ctx.now();
  return {};
}

export function retryRun(ctx: ServiceContext, caller: Caller, id: string): Record<string, unknown> {
  const run = findRun(ctx, id);
  authorize(ctx, caller, run.namespace, 'retry', 'runs');
  if (run.status !== 'Failed') {
    throw new ApiError(GrpcCode.FailedPrecondition, `Run ${id} is ${run.status}; only failed runs can be retried`);
  }
  run.status = 'Running';
  run.phaseSinceMs = ctx.now();
  run.finishedMs = undefined;
  run.error = undefined;
  return {};
}

export function archiveRun(ctx: ServiceContext, caller: Caller, id: string, archive: boolean): Record<string, unknown> {
  const run = findRun(ctx, id);
  authorize(ctx, caller, run.namespace, archive ? 'archive' : 'unarchive', 'runs');
  run.storageState = archive ? 'ARCHIVED' : 'AVAILABLE';
  return {};
}

export function deleteRun(ctx: ServiceContext, caller: Caller, id: string): Record<string, unknown> {
  const run = findRun(ctx, id);
  authorize(ctx, caller, run.namespace, 'delete', 'runs');
  ctx.state.runs = ctx.state.runs.filter((r) => r.id !== id);
  return {};
}

export function reportRunMetrics(ctx: ServiceContext, caller: Caller, id: string, body: unknown): Record<string, unknown> {
  const run = findRun(ctx, id);
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
