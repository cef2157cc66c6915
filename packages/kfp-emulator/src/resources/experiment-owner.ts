import { authorize } from '../auth/authorize';
import { ApiError, invalidInput } from '../errors/api-error';
import type { StoredExperiment } from '../state/state';
import type { ResourceReferenceInput } from '../wire/messages';
import type { Caller, ServiceContext } from './context';
import { ensureDefaultExperiment, findExperiment } from './experiments';
import { experimentIdFromRefs, namespaceFromRefs } from './references';

/** GetValidExperimentNamespacePair: the run/job's experiment, checked against an optional namespace reference. */
export function resolveOwningExperiment(
  ctx: ServiceContext,
  caller: Caller,
  refs: ResourceReferenceInput[] | undefined,
  resource: 'runs' | 'jobs',
  action: string,
): StoredExperiment {
  const experimentId = experimentIdFromRefs(refs);
  let experiment: StoredExperiment;
  if (experimentId === '') {
    if (ctx.multiUser) throw invalidInput('Experiment id can not be empty in multi-user mode').wrap(action);
    experiment = ensureDefaultExperiment(ctx);
  } else {
    try {
      experiment = findExperiment(ctx, experimentId);
    } catch (error) {
      throw error instanceof ApiError ? error.wrap(action) : error;
    }
  }
  const namespace = namespaceFromRefs(refs);
  if (ctx.multiUser && namespace !== '' && namespace !== experiment.namespace) {
    throw invalidInput(
      `Namespace ${namespace} in the resource references does not match experiment ${experiment.id}'s namespace ${experiment.namespace}`,
    ).wrap(action);
  }
  authorize(ctx, caller, experiment.namespace, 'create', resource);
  return experiment;
}
