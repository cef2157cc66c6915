import { authorize } from '../auth/authorize';
import { alreadyExists, ApiError, badRequest, internalServerError, invalidInput, notFound } from '../errors/api-error';
import type { ListModel } from '../list/list-model';
import { stringField, timeField } from '../list/list-model';
import { listPage, type ListPage, type ListQuery } from '../list/list-request';
import { expectReport } from '../schedule/persistence-agent';
import type { StoredExperiment } from '../state/state';
import type { Caller, ServiceContext } from './context';
import { replaceNamespace } from './list-scope';

export const DEFAULT_EXPERIMENT_NAME = 'Default';
const DEFAULT_EXPERIMENT_DESCRIPTION = 'All runs created without specifying an experiment will be grouped here.';

export const storageStateName = (e: StoredExperiment): string => `STORAGESTATE_${e.storageState}`;

const experimentFields = {
  id: stringField((e: StoredExperiment) => e.id),
  experiment_id: stringField((e: StoredExperiment) => e.id),
  name: stringField((e: StoredExperiment) => e.name),
  display_name: stringField((e: StoredExperiment) => e.name),
  description: stringField((e: StoredExperiment) => e.description),
  created_at: timeField((e: StoredExperiment) => e.createdMs),
  namespace: stringField((e: StoredExperiment) => e.namespace),
  storage_state: {
    ...stringField(storageStateName),
    // 2.x stores AVAILABLE/ARCHIVED; accept both spellings.
    normalizeExpected: (v: string) => (v.startsWith('STORAGESTATE_') ? v : `STORAGESTATE_${v}`),
  },
};

/**
 * model.Experiment's field map (model/experiment.go): the names of both APIs sort and filter the same
 * column; 2.14 adds last_run_created_at.
 */
export const experimentListModel = (ctx: ServiceContext): ListModel<StoredExperiment> => ({
  name: 'experiments',
  typeName: 'Experiment',
  key: (e) => e.id,
  fields: ctx.flavor === '2.14' ? { ...experimentFields, last_run_created_at: timeField((e) => e.lastRunCreatedMs ?? 0) } : experimentFields,
});

/** model.Experiment as a create request gives it (toModelExperiment). */
export interface NewExperiment {
  name: string;
  description: string;
  namespace: string;
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

/** ExperimentServer.canAccessExperiment: an experiment needs a namespace in multi-user mode, and the caller that namespace. */
function authorizeExperiment(ctx: ServiceContext, caller: Caller, namespace: string, verb: string): void {
  if (ctx.multiUser && namespace === '') throw invalidInput('An experiment cannot have an empty namespace in multi-user mode');
  authorize(ctx, caller, namespace, verb, 'experiments');
}

/**
 * toModelExperiment's check, then ExperimentServer.createExperiment and ExperimentStore.CreateExperiment
 * (2.1.0); `wraps` are the API's own words around the errors.
 */
export function createExperiment(ctx: ServiceContext, caller: Caller, input: NewExperiment, wraps: { conversion: string; create: string }): StoredExperiment {
  if (input.name === '') {
    throw internalServerError('Failed to convert API experiment to model experiment', invalidInput('Experiment must have a non-empty name')).wrap(wraps.conversion);
  }
  const namespace = replaceNamespace(ctx, input.namespace);
  try {
    authorizeExperiment(ctx, caller, namespace, 'create');
  } catch (error) {
    throw error instanceof ApiError ? error.wrap('Failed to authorize the request').wrap(wraps.create) : error;
  }
  if (ctx.state.experiments.some((e) => e.name === input.name && e.namespace === namespace)) {
    throw alreadyExists(`Failed to create a new experiment. The name ${input.name} already exists. Please specify a new name`).wrap(wraps.create);
  }
  return insertExperiment(ctx, input.name, input.description, namespace);
}

export function getExperiment(ctx: ServiceContext, caller: Caller, id: string): StoredExperiment {
  const experiment = findExperiment(ctx, id);
  authorizeExperiment(ctx, caller, experiment.namespace, 'get');
  return experiment;
}

/** ExperimentServer.listExperiments: the namespace's experiments (every one in single-user mode). */
export function listExperiments(ctx: ServiceContext, caller: Caller, requestedNamespace: string, query: ListQuery): ListPage<StoredExperiment> {
  const namespace = replaceNamespace(ctx, requestedNamespace);
  authorizeExperiment(ctx, caller, namespace, 'list');
  const scoped = ctx.state.experiments.filter((e) => !ctx.multiUser || e.namespace === namespace);
  return listPage(scoped, experimentListModel(ctx), query);
}

export function deleteExperiment(ctx: ServiceContext, caller: Caller, id: string): void {
  const experiment = findExperiment(ctx, id);
  authorizeExperiment(ctx, caller, experiment.namespace, 'delete');
  if (!ctx.multiUser && experiment.name === DEFAULT_EXPERIMENT_NAME && experiment.namespace === '') {
    throw badRequest(`Experiment ${id} is the default experiment and cannot be deleted`).wrap('Failed to delete experiment');
  }
  ctx.state.experiments = ctx.state.experiments.filter((e) => e.id !== id);
}

/** Archiving also archives the experiment's runs and disables its jobs; unarchiving restores only the experiment. */
export function archiveExperiment(ctx: ServiceContext, caller: Caller, id: string, archive: boolean): void {
  const experiment = findExperiment(ctx, id);
  authorizeExperiment(ctx, caller, experiment.namespace, archive ? 'archive' : 'unarchive');
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
}
