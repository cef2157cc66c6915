import { authorize } from '../auth/authorize';
import { ApiError, invalidInput } from '../errors/api-error';
import type { StoredExperiment } from '../state/state';
import type { Caller, ServiceContext } from './context';
import { ensureDefaultExperiment, findExperiment } from './experiments';

export interface Owner {
  experiment: StoredExperiment;
  /** The run's or job's namespace: its experiment's, or the one given with no experiment (single-user). */
  namespace: string;
}

/**
 * GetValidExperimentNamespacePair (resource/resource_manager.go at 2.1.0 and 2.14.0), then the checks of
 * RunServer.createRun and JobServer.createJob: the run's or job's experiment (the default one when none
 * is given, in single-user mode) and its namespace. A namespace that is not the experiment's is refused
 * in either mode, so in single-user mode, where experiments have none, any namespace with an experiment
 * is refused ("Experiment <id> belongs to namespace '' instead of '<ns>'"). Without an experiment the
 * given namespace stays, as the server keeps it. `invalidPair` is the caller's wrap, e.g. "Failed to
 * create a run due to invalid experimentId and namespace combination".
 */
export function resolveOwner(
  ctx: ServiceContext,
  caller: Caller,
  experimentId: string,
  namespace: string,
  resource: 'runs' | 'jobs',
  invalidPair: string,
): Owner {
  let owner: Owner;
  if (experimentId === '') {
    if (ctx.multiUser) throw invalidInput('Experiment id can not be empty in multi-user mode').wrap(invalidPair);
    owner = { experiment: ensureDefaultExperiment(ctx), namespace };
  } else {
    let experiment: StoredExperiment;
    try {
      experiment = findExperiment(ctx, experimentId);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      throw error
        .wrap(`Failed to fetch namespace from experiment ${experimentId}`)
        .wrap(`Failed to fetch namespace for experiment ${experimentId}`)
        .wrap(invalidPair);
    }
    if (namespace !== '' && namespace !== experiment.namespace) {
      throw invalidInput(`Experiment ${experiment.id} belongs to namespace '${experiment.namespace}' instead of '${namespace}'`).wrap(invalidPair);
    }
    owner = { experiment, namespace: experiment.namespace };
  }
  if (ctx.multiUser && owner.namespace === '') {
    throw invalidInput(resource === 'runs' ? 'A run cannot have an empty namespace in multi-user mode' : 'Recurring run cannot have an empty namespace in multi-user mode');
  }
  authorize(ctx, caller, owner.namespace, 'create', resource);
  return owner;
}
