import { invalidInput } from '../../errors/api-error';
import type { Caller, Query, ServiceContext } from '../../resources/context';
import * as experiments from '../../resources/experiments';
import { listQuery } from '../../resources/list-scope';
import type { StoredExperiment } from '../../state/state';
import { decodeMessage } from '../../wire/message-schema';
import { formatTimestamp } from '../../wire/timestamp';
import { ExperimentSchema, type ExperimentInput } from '../../wire/v1beta1-messages';
import { namespaceFromRefs, referenceKey, ref } from './references';

/** toApiExperimentV1 (server/api_converter.go at 2.1.0): always one NAMESPACE/OWNER reference, its id empty in single-user mode. */
export function toApiExperimentV1(e: StoredExperiment): Record<string, unknown> {
  return {
    id: e.id,
    name: e.name,
    description: e.description,
    created_at: formatTimestamp(e.createdMs),
    resource_references: [ref('NAMESPACE', e.namespace, 'OWNER')],
    storage_state: experiments.storageStateName(e),
  };
}

/** ExperimentServer.CreateExperimentV1. */
export function createExperimentV1(ctx: ServiceContext, caller: Caller, body: unknown): Record<string, unknown> {
  const input = decodeMessage(body, ExperimentSchema, ctx.decodeOptions) as ExperimentInput;
  const experiment = experiments.createExperiment(
    ctx,
    caller,
    { name: input.name ?? '', description: input.description ?? '', namespace: namespaceFromRefs(input.resource_references) },
    { conversion: '[ExperimentServer]: Failed to create a v1beta1 experiment due to conversion error', create: 'Failed to create a v1beta1 experiment' },
  );
  return toApiExperimentV1(experiment);
}

export const getExperimentV1 = (ctx: ServiceContext, caller: Caller, id: string) => toApiExperimentV1(experiments.getExperiment(ctx, caller, id));

/** ListExperimentsV1: only a NAMESPACE key may narrow the listing. */
export function listExperimentsV1(ctx: ServiceContext, caller: Caller, query: Query): Record<string, unknown> {
  const key = referenceKey(query);
  if (key && key.type !== 'NAMESPACE') {
    throw invalidInput(
      `Failed to list v1beta1 experiment due to invalid resource reference key. It must be of type 'Namespace' and contain an existing or empty namespace, but you provided ${key.id} of type ${key.modelType}`,
    );
  }
  const page = experiments.listExperiments(ctx, caller, key?.id ?? '', listQuery(query));
  return { experiments: page.items.map(toApiExperimentV1), total_size: page.totalSize, next_page_token: page.nextPageToken };
}

export function deleteExperimentV1(ctx: ServiceContext, caller: Caller, id: string): Record<string, unknown> {
  experiments.deleteExperiment(ctx, caller, id);
  return {};
}

export function archiveExperimentV1(ctx: ServiceContext, caller: Caller, id: string, archive: boolean): Record<string, unknown> {
  experiments.archiveExperiment(ctx, caller, id, archive);
  return {};
}
