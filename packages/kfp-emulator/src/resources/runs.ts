import { authorize } from '../auth/authorize';
import { setRunStatus } from '../clock/run-lifecycle';
import { ApiError, invalidInput, notFound } from '../errors/api-error';
import { GrpcCode } from '../errors/grpc-codes';
import type { ListModel } from '../list/list-model';
import { stringField, timeField } from '../list/list-model';
import { listPage, type ListPage, type ListQuery } from '../list/list-request';
import type { RunStatus, StoredRun } from '../state/state';
import { SERVER_NAMESPACE, type Caller, type ServiceContext } from './context';
import { resolveOwner } from './experiment-owner';
import { scopeRows, type RowScope } from './list-scope';
import { validatePipelineJobInputs } from './pipeline-spec';
import { effectiveServiceAccount, resolvePipeline, type PipelineSourceInput } from './pipeline-source';
import { submittedWorkflow } from './workflow';

/** model.RuntimeState's v2 names for the emulator's (v1) run states (RuntimeState.ToV2, model/run.go at 2.1.0). */
export const RUNTIME_STATE: Record<RunStatus, string> = {
  Pending: 'PENDING',
  Running: 'RUNNING',
  Succeeded: 'SUCCEEDED',
  Failed: 'FAILED',
  Terminating: 'CANCELING',
  Skipped: 'SKIPPED',
};

const storageStateV1 = (r: StoredRun): string => `STORAGESTATE_${r.storageState}`;

/** model.Run's field map (model/run.go at 2.1.0): the names of both APIs sort and filter the same columns. */
export const runListModel: ListModel<StoredRun> = {
  name: 'runs',
  typeName: 'Run',
  key: (r) => r.id,
  fields: {
    id: stringField((r) => r.id),
    run_id: stringField((r) => r.id),
    name: stringField((r) => r.name),
    display_name: stringField((r) => r.name),
    description: stringField((r) => r.description),
    created_at: timeField((r) => r.createdMs),
    scheduled_at: timeField((r) => r.scheduledMs),
    finished_at: timeField((r) => r.finishedMs ?? 0),
    status: stringField((r) => r.status),
    state: stringField((r) => RUNTIME_STATE[r.status]),
    namespace: stringField((r) => r.namespace),
    experiment_id: stringField((r) => r.experimentId),
    recurring_run_id: stringField((r) => r.jobId ?? ''),
    storage_state: {
      ...stringField(storageStateV1),
      normalizeExpected: (v) => (v.startsWith('STORAGESTATE_') ? v : `STORAGESTATE_${v}`),
    },
  },
};

/** model.Run as a create request gives it (toModelRun in server/api_converter.go at 2.1.0). */
export interface NewRun {
  name: string;
  description: string;
  experimentId: string;
  namespace: string;
  serviceAccount: string;
  source: PipelineSourceInput;
}

export function findRun(ctx: ServiceContext, id: string): StoredRun {
  const run = ctx.state.runs.find((r) => r.id === id);
  if (!run) throw notFound('Run', id);
  return run;
}

/**
 * RunServer.createRun and ResourceManager.CreateRun (2.1.0), for both APIs: the experiment and
 * namespace, the template (an Argo workflow gets its parameters, a v2 pipeline spec its typed values
 * checked, as RunWorkflow does), the workflow as submitted. Errors carry the server's inner wraps.
 */
export function createRun(ctx: ServiceContext, caller: Caller, input: NewRun): StoredRun {
  const owner = resolveOwner(ctx, caller, input.experimentId, input.namespace, 'runs', 'Failed to create a run due to invalid experimentId and namespace combination');
  const pipeline = resolvePipeline(ctx, input.source, { fetchFailure: 'Failed to create a run due to error fetching manifest', resolveLatestVersion: true });
  if (pipeline.template?.kind === 'v2') {
    try {
      validatePipelineJobInputs(pipeline.template.document.spec, input.source.runtimeConfig?.parameters);
    } catch (error) {
      throw error instanceof ApiError ? error.wrap('invalid pipeline job inputs').wrap('Failed to generate the ExecutionSpec') : error;
    }
  }
  const id = ctx.newId();
  const serviceAccount = effectiveServiceAccount(ctx, input.serviceAccount, pipeline.template);
  const now = ctx.now();
  const runtimeManifest =
    pipeline.template?.kind === 'argo'
      ? submittedWorkflow(pipeline.template.workflow, {
          namespace: owner.namespace || SERVER_NAMESPACE,
          runId: id,
          serviceAccount,
          parameters: pipeline.spec.parameters,
          macros: { runId: id, nowSec: Math.floor(now / 1000) },
          labels: {},
          annotations: { 'pipelines.kubeflow.org/run_name': input.name },
          templateLabels: { 'pipelines.kubeflow.org/cache_enabled': 'true' },
          createdMs: now,
        })
      : '';
  const run: StoredRun = {
    id,
    seq: ctx.nextSeq(),
    name: input.name,
    description: input.description,
    namespace: owner.namespace,
    experimentId: owner.experiment.id,
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
  setRunStatus(run, 'Pending', now);
  ctx.state.runs.push(run);
  owner.experiment.lastRunCreatedMs = now;
  return run;
}

export function getRun(ctx: ServiceContext, caller: Caller, id: string): StoredRun {
  const run = findRun(ctx, id);
  authorize(ctx, caller, run.namespace, 'get', 'runs');
  return run;
}

export function listRuns(ctx: ServiceContext, caller: Caller, scope: RowScope, query: ListQuery): ListPage<StoredRun> {
  return listPage(scopeRows(ctx, caller, scope, ctx.state.runs, 'runs'), runListModel, query);
}

/** RunStore.TerminateRun: only a run that has not finished; the workflow then fails. */
export function terminateRun(ctx: ServiceContext, caller: Caller, id: string): void {
  const run = findRun(ctx, id);
  authorize(ctx, caller, run.namespace, 'terminate', 'runs');
  if (run.status !== 'Pending' && run.status !== 'Running') {
    throw invalidInput(`Failed to terminate a run ${id}. Row not found`).wrap('Failed to terminate run');
  }
  setRunStatus(run, 'Terminating', ctx.now());
  run.phaseSinceMs = ctx.now();
}

export function retryRun(ctx: ServiceContext, caller: Caller, id: string): void {
  const run = findRun(ctx, id);
  authorize(ctx, caller, run.namespace, 'retry', 'runs');
  if (run.status !== 'Failed') {
    throw new ApiError(GrpcCode.FailedPrecondition, `Run ${id} is ${run.status}; only failed runs can be retried`);
  }
  setRunStatus(run, 'Running', ctx.now());
  run.phaseSinceMs = ctx.now();
  run.finishedMs = undefined;
  run.error = undefined;
}

export function archiveRun(ctx: ServiceContext, caller: Caller, id: string, archive: boolean): void {
  const run = findRun(ctx, id);
  authorize(ctx, caller, run.namespace, archive ? 'archive' : 'unarchive', 'runs');
  run.storageState = archive ? 'ARCHIVED' : 'AVAILABLE';
}

export function deleteRun(ctx: ServiceContext, caller: Caller, id: string): void {
  const run = findRun(ctx, id);
  authorize(ctx, caller, run.namespace, 'delete', 'runs');
  ctx.state.runs = ctx.state.runs.filter((r) => r.id !== id);
}
