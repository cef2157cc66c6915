import type { Caller, Query, ServiceContext } from '../../resources/context';
import * as experiments from '../../resources/experiments';
import { listQuery } from '../../resources/list-scope';
import type { StoredExperiment } from '../../state/state';
import { decodeMessage } from '../../wire/message-schema';
import { formatTimestamp } from '../../wire/timestamp';
import { ExperimentSchema, type ExperimentInput } from '../../wire/v2beta1-messages';

/** toApiExperiment (server/api_converter.go at 2.1.0; 2.14.0 adds last_run_created_at, the epoch until a run exists). */
export function toApiExperimentV2(ctx: ServiceContext, e: StoredExperiment): Record<string, unknown> {
  return {
    experiment_id: e.id,
    display_name: e.name,
    description: e.description,
    created_at: formatTimestamp(e.createdMs),
    namespace: e.namespace,
    storage_state: e.storageState,
    last_run_created_at: ctx.flavor === '2.14' ? formatTimestamp(e.lastRunCreatedMs ?? 0) : undefined,
  };
}

/** ExperimentServer.CreateExperiment; a namespace in single-user mode is dropped (ReplaceNamespace). */
export function createExperimentV2(ctx: ServiceContext, caller: Caller, body: unknown): Record<string, unknown> {
  const input = decodeMessage(body, ExperimentSchema, ctx.decodeOptions) as ExperimentInput;
  const experiment = experiments.createExperiment(
    ctx,
    caller,
    { name: input.display_name ?? '', description: input.description ?? '', namespace: input.namespace ?? '' },
    { conversion: '[ExperimentServer]: Failed to create a experiment due to conversion error', create: 'Failed to create a experiment' },
  );
  return toApiExperimentV2(ctx, experiment);
}

export const getExperimentV2 = (ctx: ServiceContext, caller: Caller, id: string) => toApiExperimentV2(ctx, experiments.getExperiment(ctx, caller, id));

export function listExperimentsV2(ctx: ServiceContext, caller: Caller, query: Query): Record<string, unknown> {
  const page = experiments.listExperiments(ctx, caller, query.get('namespace') ?? '', listQuery(query, 'v2beta1'));
  return { experiments: page.items.map((e) => toApiExperimentV2(ctx, e)), total_size: page.totalSize, next_page_token: page.nextPageToken };
}
