import { ApiError, internalServerError, invalidInput } from '../../errors/api-error';
import { rpcStatus } from '../../errors/error-body';
import type { Caller, Query, ServiceContext } from '../../resources/context';
import { listQuery } from '../../resources/list-scope';
import * as runs from '../../resources/runs';
import type { StoredRun } from '../../state/state';
import { decodeMessage } from '../../wire/message-schema';
import { formatTimestamp } from '../../wire/timestamp';
import { RunSchema, type RunInput } from '../../wire/v2beta1-messages';
import { pipelineSourceV2, toApiPipelineSpecStruct, toApiRuntimeConfigV2 } from './pipeline-source';

const CONVERSION_FAILED = 'Failed to convert internal run representation to its API counterpart';

/**
 * toApiRun after model.Run.ToV2 (server/api_converter.go at 2.1.0 and 2.14.0), for a run made through
 * either API: the pipeline version it ran, else its manifest as a Struct (a v1 run's Argo workflow
 * included); a row with neither is answered as its id and an error.
 */
export function toApiRunV2(r: StoredRun): Record<string, unknown> {
  const run: Record<string, unknown> = {
    experiment_id: r.experimentId,
    run_id: r.id,
    display_name: r.name,
    storage_state: r.storageState,
    description: r.description,
    runtime_config: toApiRuntimeConfigV2(r.pipelineSpec),
    service_account: r.serviceAccount,
    created_at: formatTimestamp(r.createdMs),
    scheduled_at: formatTimestamp(r.scheduledMs),
    finished_at: formatTimestamp(r.finishedMs ?? 0),
    state: runs.RUNTIME_STATE[r.status],
    recurring_run_id: r.jobId,
    state_history: (r.stateHistory ?? []).map((h) => ({ update_time: formatTimestamp(h.atMs), state: runs.RUNTIME_STATE[h.status] })),
  };
  if (r.pipelineVersionId) {
    return { ...run, pipeline_version_reference: { pipeline_id: r.pipelineSpec.pipelineId, pipeline_version_id: r.pipelineVersionId } };
  }
  const manifest = r.pipelineSpec.pipelineManifest || r.pipelineSpec.workflowManifest || '';
  let error = invalidInput('Failed to parse the pipeline source');
  if (manifest) {
    try {
      return { ...run, pipeline_spec: toApiPipelineSpecStruct(manifest) };
    } catch (cause) {
      error = error.wrap((cause as Error).message);
    }
  }
  return { run_id: r.id, experiment_id: r.experimentId, error: rpcStatus(error.wrap(`${CONVERSION_FAILED} due to missing pipeline source`)) };
}

/** RunServer.CreateRun (2.1.0); a v2beta1 run has no namespace of its own: its experiment's. */
export function createRunV2(ctx: ServiceContext, caller: Caller, body: unknown): Record<string, unknown> {
  const input = decodeMessage(body, RunSchema, ctx.decodeOptions) as RunInput;
  const name = input.display_name ?? '';
  if (!name) {
    // The wrap's text is the server's own.
    throw internalServerError('Failed to convert a API run detail to its internal representation', invalidInput('Run name cannot be empty')).wrap(
      'CreateJob(job.ToV2())Failed to create a run due to conversion error',
    );
  }
  try {
    const run = runs.createRun(ctx, caller, {
      name,
      description: input.description ?? '',
      experimentId: input.experiment_id ?? '',
      namespace: '',
      serviceAccount: input.service_account ?? '',
      source: pipelineSourceV2(ctx, input),
    });
    return toApiRunV2(run);
  } catch (error) {
    throw error instanceof ApiError ? error.wrap('Failed to create a new run') : error;
  }
}

export const getRunV2 = (ctx: ServiceContext, caller: Caller, id: string) => toApiRunV2(runs.getRun(ctx, caller, id));

/** ListRuns: by experiment_id, else namespace (required in multi-user mode). */
export function listRunsV2(ctx: ServiceContext, caller: Caller, query: Query): Record<string, unknown> {
  const scope = { namespace: query.get('namespace') ?? '', experimentId: query.get('experiment_id') ?? '' };
  const page = runs.listRuns(ctx, caller, scope, listQuery(query, 'v2beta1'));
  return { runs: page.items.map(toApiRunV2), total_size: page.totalSize, next_page_token: page.nextPageToken };
}
