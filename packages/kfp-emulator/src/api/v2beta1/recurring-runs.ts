import { ApiError, internalServerError, invalidInput } from '../../errors/api-error';
import { rpcStatus } from '../../errors/error-body';
import type { Caller, Query, ServiceContext } from '../../resources/context';
import * as jobs from '../../resources/jobs';
import { listQuery } from '../../resources/list-scope';
import type { StoredJob } from '../../state/state';
import { decodeMessage } from '../../wire/message-schema';
import { formatTimestamp } from '../../wire/timestamp';
import { RecurringRunSchema, type RecurringRunInput } from '../../wire/v2beta1-messages';
import { toApiTrigger } from '../trigger';
import { pipelineSourceV2, toApiPipelineSpecStruct, toApiRuntimeConfigV2 } from './pipeline-source';

/**
 * toApiRecurringRun after model.Job.ToV2 (server/api_converter.go at 2.1.0 and 2.14.0), for a row made
 * through either API (see resources/jobs.ts). `status` and `mode` follow `enabled`, not the persistence
 * agent's report (v1beta1's `status` does). The pipeline: on 2.1 a pipeline version when there is one,
 * else the stored pipeline spec; on 2.14 a reference whenever a pipeline is named (with an empty version
 * for "the latest"). Only pipeline_manifest counts: a v1 row's workflow is not shown. `trigger` is
 * always there, `{}` without a schedule.
 */
export function toApiRecurringRunV2(ctx: ServiceContext, j: StoredJob): Record<string, unknown> {
  const recurringRun: Record<string, unknown> = {
    recurring_run_id: j.id,
    display_name: j.name,
    description: j.description,
    runtime_config: toApiRuntimeConfigV2(j.pipelineSpec),
    service_account: j.serviceAccount,
    max_concurrency: j.maxConcurrency,
    trigger: toApiTrigger(j) ?? {},
    mode: j.enabled ? 'ENABLE' : 'DISABLE',
    created_at: formatTimestamp(j.createdMs),
    updated_at: formatTimestamp(j.updatedMs),
    status: j.enabled ? 'ENABLED' : 'DISABLED',
    no_catchup: j.noCatchup,
    namespace: j.namespace,
    experiment_id: j.experimentId,
  };
  const pipelineId = j.pipelineSpec.pipelineId ?? '';
  const referenced = ctx.flavor === '2.1' ? !!j.pipelineVersionId : pipelineId !== '' || !!j.pipelineVersionId;
  if (referenced) return { ...recurringRun, pipeline_version_reference: { pipeline_id: pipelineId, pipeline_version_id: j.pipelineVersionId } };
  try {
    return { ...recurringRun, pipeline_spec: toApiPipelineSpecStruct(j.pipelineSpec.pipelineManifest ?? '') };
  } catch (cause) {
    const error = invalidInput((cause as Error).message).wrap("Failed to convert recurring run's internal representation to its API counterpart");
    return { recurring_run_id: j.id, error: rpcStatus(error) };
  }
}

/** JobServer.CreateRecurringRun (2.1.0 and 2.14.0); errors carry the server's wraps. */
export function createRecurringRunV2(ctx: ServiceContext, caller: Caller, body: unknown): Record<string, unknown> {
  const input = decodeMessage(body, RecurringRunSchema, ctx.decodeOptions) as RecurringRunInput;
  try {
    const name = input.display_name ?? '';
    if (!name) {
      const context = 'Failed to convert a API recurring run to its internal representation';
      throw internalServerError(context, invalidInput("Recurring run's name cannot be empty")).wrap('Failed to create a recurring run due to conversion error');
    }
    const job = jobs.createJob(
      ctx,
      caller,
      {
        name,
        description: input.description ?? '',
        experimentId: input.experiment_id ?? '',
        namespace: input.namespace ?? '',
        serviceAccount: input.service_account ?? '',
        maxConcurrency: input.max_concurrency ?? '0',
        trigger: input.trigger,
        enabled: input.mode === 'ENABLE',
        noCatchup: input.no_catchup === true,
        source: pipelineSourceV2(ctx, input, 'null\n'),
      },
      {
        // v2beta1 leaves a pipeline without a version to the controller on 2.14 ("the latest, at each run").
        pinLatestVersion: ctx.flavor === '2.1',
        handlerFrame: { func: 'github.com/kubeflow/pipelines/backend/src/apiserver/server.(*JobServer).CreateRecurringRun', file: 'apiserver/server/job_server.go', line: 331 },
      },
    );
    return toApiRecurringRunV2(ctx, job);
  } catch (error) {
    throw error instanceof ApiError && !error.plain ? error.wrap('Failed to create a recurring run') : error;
  }
}

export const getRecurringRunV2 = (ctx: ServiceContext, caller: Caller, id: string) => toApiRecurringRunV2(ctx, jobs.getJob(ctx, caller, id));

/** ListRecurringRuns: by experiment_id, else namespace (required in multi-user mode). The answer's list is `recurringRuns`, as the proto names it. */
export function listRecurringRunsV2(ctx: ServiceContext, caller: Caller, query: Query): Record<string, unknown> {
  const scope = { namespace: query.get('namespace') ?? '', experimentId: query.get('experiment_id') ?? '' };
  const page = jobs.listJobs(ctx, caller, scope, listQuery(query, 'v2beta1'));
  return { recurringRuns: page.items.map((j) => toApiRecurringRunV2(ctx, j)), total_size: page.totalSize, next_page_token: page.nextPageToken };
}
