import { authorize } from '../auth/authorize';
import { ApiError, invalidInput } from '../errors/api-error';
import type { StoredExperiment } from '../state/state';
import type { ResourceReferenceInput } from '../wire/messages';
import type { Caller, ServiceContext } from './context';
import { ensureDefaultExperiment, findExperiment } from './experiments';
import { experimentIdFromRefs, namespaceFromRefs } from './references';

/**
 * GetValidExperimentNamespacePair (resource/resource_manager.go at 2.1.0): the run's or job's
 * experiment (the default one when none is given, in single-user mode), checked against a NAMESPACE
 * reference, in either mode. `invalidPair` is the caller's wrap, e.g. "Failed to create a run due to
 * invalid experimentId and namespace combination".
 */
export function resolveOwningExperiment(
  ctx: ServiceContext,
  caller: Caller,
  refs: ResourceReferenceInput[] | undefined,
  resource: 'runs' | 'jobs',
  invalidPair: string,
): StoredExperiment {
  const experimentId = experimentIdFromRefs(refs);
  const namespace = namespaceFromRefs(refs);
  let experiment: StoredExperiment;
  if (experimentId === '') {
    if (ctx.multiUser) throw invalidInput('Experiment id can not be empty in multi-user mode').wrap(invalidPair);
    experiment = ensureDefaultExperiment(ctx);
  } else {
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
  }
  authorize(ctx, caller, experiment.namespace, 'create', resource);
  return experiment;
}
