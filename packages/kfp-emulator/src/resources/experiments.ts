import { authorize } from '../auth/authorize';
import { alreadyExists, badRequest, internalServerError, invalidInput, notFound } from '../errors/api-error';
import { expectReport } from '../schedule/persistence-agent';
import type { ListModel } from '../list/list-model';
import { stringField, timeField } from '../list/list-model';
import { listPage } from '../list/list-request';
import type { StoredExperiment } from '../state/state';
import { decodeMessage } from '../wire/message-schema';
import { ExperimentSchema, type ExperimentInput } from '../wire/messages';
import { formatTimestamp } from '../wire/timestamp';
import type { Caller, Query, ServiceContext } from './context';
import { listQuery, namespaceScope } from './list-scope';
import { namespaceFromRefs, ref } from './references';

export const DEFAULT_EXPERIMENT_NAME = 'Default';
const DEFAULT_EXPERIMENT_DESCRIPTION = 'All runs created without specifying an experiment will be grouped here.';

const storageStateName = (e: StoredExperiment): string => `STORAGESTATE_${e.storageState}`;

export const experimentListModel: ListModel<StoredExperiment> = {
  name: 'experiments',
  typeName: 'Experiment',
  key: (e) => e.id,
  fields: {
    id: stringField((e) => e.id),
    experiment_id: stringField((e) => e.id),
    name: stringField((e) => e.name),
    display_name: stringField((e) => e.name),
    description: stringField((e) => e.description),
    created_at: timeField((e) => e.createdMs),
    storage_state: {
      ...stringField(storageStateName),
      // 2.x stores AVAILABLE/ARCHIVED; accept both spellings.
      normalizeExpected: (v) => (v.startsWith('STORAGESTATE_') ? v : `STORAGESTATE_${v}`),
    },
  },
};

export function toApiExperiment(e: StoredExperiment): Record<string, unknown> {
  return {
    id: e.id,
    name: e.name,
    description: e.description,
    created_at: formatTimestamp(e.createdMs),
    // Always exactly one NAMESPACE/OWNER reference, with an empty id in single-user mode.
    resource_references: [ref('NAMESPACE', e.namespace, 'OWNER')],
    storage_state: storageStateName(e),
  };
}

export function findExperiment(ctx: ServiceContext, id: string): StoredExperiment {
  const found = ctx.state.experiments.find((e) => e.id === id);
  if (!found) throw notFound('Experiment', id);
  return found;
}

function insertExperiment(ctx: ServiceContext, name: string, description: string, namespace: string): StoredExperiment {
  const experiment: StoredExperiment = {
    id: ctx.newId(),
    seq: ctx.nextSeq(),
    name,
    description,
    namespace,
    createdMs: ctx.now(),
    storageState: 'AVAILABLE',
  };
  ctx.state.experiments.push(experiment);
  return experiment;
}

/** The single-user default experiment; created at startup and lazily when missing. */
export function ensureDefaultExperiment(ctx: ServiceContext): StoredExperiment {
  const existing = ctx.state.experiments.find((e) => e.name === DEFAULT_EXPERIMENT_NAME && e.namespace === '');
  return existing ?? insertExperiment(ctx, DEFAULT_EXPERIMENT_NAME, DEFAULT_EXPERIMENT_DESCRIPTION, '');
}

export function createExperiment(ctx: ServiceContext, caller: Caller, body: unknown): Record<string, unknown> {
  const input = decodeMessage(body, ExperimentSchema, ctx.decodeOptions) as ExperimentInput;
  const name = input.name ?? '';
  if (name === '') {
    throw internalServerError('Failed to convert API experiment to model experiment', invalidInput('Experiment must have a non-empty name')).wrap(
      '[ExperimentServer]: Failed to create a v1beta1 experiment due to conversion error',
    );
  }
  const namespace = ctx.multiUser ? namespaceFromRefs(input.resource_references) : '';
  if (ctx.multiUser && namespace === '') {
    throw invalidInput('In multi-user mode, an experiment needs a NAMESPACE resource reference with a non-empty id').wrap(
      'Failed to create a new experiment',
    );
  }
  authorize(ctx, caller, namespace, 'create', 'experiments');
  if (ctx.state.experiments.some((e) => e.name === name && e.namespace === namespace)) {
    throw alreadyExists(`Failed to create a new experiment. The name ${name} already exists. Please specify a new name`).wrap(
      'Failed to create a new experiment',
    );
  }
  return toApiExperiment(insertExperiment(ctx, name, input.description ?? '', namespace));
}

export function getExperiment(ctx: ServiceContext, caller: Caller, id: string): Record<string, unknown> {
  const experiment = findExperiment(ctx, id);
  authorize(ctx, caller, experiment.namespace, 'get', 'experiments');
  return toApiExperiment(experiment);
}

export function listExperiments(ctx: ServiceContext, caller: Caller, query: Query): Record<string, unknown> {
  const type = query.get('resource_reference_key.type') ?? '';
  if (type !== '' && type !== 'NAMESPACE' && type !== '5') {
    throw invalidInput('Invalid resource references for experiment. ListExperiment requires filtering by namespace.');
  }
  const namespace = namespaceScope(ctx, query.get('resource_reference_key.id') ?? '', 'An experiment cannot have an empty namespace in multi-user mode.');
  authorize(ctx, caller, namespace, 'list', 'experiments');
  const scoped = ctx.state.experiments.filter((e) => !ctx.multiUser || e.namespace === namespace);
  const page = listPage(scoped, experimentListModel, listQuery(query));
  return { experiments: page.items.map(toApiExperiment), total_size: page.totalSize, next_page_token: page.nextPageToken };
}

export function deleteExperiment(ctx: ServiceContext, caller: Caller, id: string): Record<string, unknown> {
  const experiment = findExperiment(ctx, id);
  authorize(ctx, caller, experiment.namespace, 'delete', 'experiments');
  if (!ctx.multiUser && experiment.name === DEFAULT_EXPERIMENT_NAME && experiment.namespace === '') {
    throw badRequest(`Experiment ${id} is the default experiment and cannot be deleted`).wrap('Failed to delete experiment');
  }
  ctx.state.experiments = ctx.state.experiments.filter((e) => e.id !== id);
  return {};
}

/** Archiving also archives the experiment's runs and disables its jobs; unarchiving restores only the experiment. */
export function archiveExperiment(ctx: ServiceContext, caller: Caller, id: string, archive: boolean): Record<string, unknown> {
  const experiment = findExperiment(ctx, id);
  authorize(ctx, caller, experiment.namespace, archive ? 'archive' : 'unarchive', 'experiments');
  experiment.storageState = archive ? 'ARCHIVED' : 'AVAILABLE';
  if (archive) {
    const now = ctx.now();
    for (const run of ctx.state.runs) if (run.experimentId === id) run.storageState = 'ARCHIVED';
    for (const job of ctx.state.jobs) {
      if (job.experimentId === id && job.enabled) {
        job.enabled = false;
        job.updatedMs = now;
        expectReport(job, now, ctx.timing);
      }
    }
  }
  return {};
}
