import type { ResolvedTeam } from '../validate/validate-team';
import type { TeamConfig } from '../team-config/model';
import type { DesiredState } from './model';
import { sanitizeParameterName } from './parameter-names';

/** The desired state of the namespace, from a validated team folder and its resolved sources. */
export function desiredState(config: TeamConfig, resolved: ResolvedTeam): DesiredState {
  return {
    namespace: config.namespace,
    experiments: config.experiments.map((e) => ({ name: e.name, description: e.description })),
    recurringRuns: resolved.recurringRuns.map(({ spec, workflow, parameters }) => ({
      name: spec.name,
      enabled: spec.enabled,
      keepHistory: spec.keepHistory,
      source: workflow.displayName,
      spec: {
        description: spec.description || null,
        experiment: spec.experiment,
        maxConcurrency: spec.maxConcurrency,
        serviceAccount: spec.serviceAccount ?? config.settings.defaultServiceAccount,
        noCatchup: !spec.catchup,
        trigger: spec.trigger,
        parameters: Object.fromEntries(parameters.map((p) => [sanitizeParameterName(p.name), p.value])),
        workflow: workflow.object,
      },
    })),
  };
}
