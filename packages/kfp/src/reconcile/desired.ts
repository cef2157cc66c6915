import type { ResolvedParameter, ResolvedPipeline, ResolvedTeam } from '../validate/validate-team';
import type { TeamConfig } from '../team-config/model';
import type { DesiredPipeline, DesiredState } from './model';
import { sanitizeParameterName } from './parameter-names';

/** The desired state of the namespace, from a validated team folder and its resolved sources. */
export function desiredState(config: TeamConfig, resolved: ResolvedTeam): DesiredState {
  return {
    namespace: config.namespace,
    experiments: config.experiments.map((e) => ({ name: e.name, description: e.description })),
    recurringRuns: resolved.recurringRuns.map(({ spec, pipeline, parameters }) => ({
      name: spec.name,
      enabled: spec.enabled,
      keepHistory: spec.keepHistory,
      source: pipeline.displayName,
      spec: {
        description: spec.description || null,
        experiment: spec.experiment,
        maxConcurrency: spec.maxConcurrency,
        serviceAccount: spec.serviceAccount ?? config.settings.defaultServiceAccount,
        noCatchup: !spec.catchup,
        trigger: spec.trigger,
        pipeline: desiredPipeline(pipeline, parameters),
      },
    })),
  };
}

function desiredPipeline({ compiled }: ResolvedPipeline, parameters: ResolvedParameter[]): DesiredPipeline {
  if (compiled.sdk === 'v1') {
    // Validation has made sure every v1 value is text.
    return { sdk: 'v1', workflow: compiled.workflow, parameters: Object.fromEntries(parameters.map((p) => [sanitizeParameterName(p.name), String(p.value)])) };
  }
  return {
    sdk: 'v2',
    spec: compiled.spec,
    ...(compiled.platformSpec ? { platformSpec: compiled.platformSpec } : {}),
    parameters: Object.fromEntries(parameters.map((p) => [p.name, p.value])),
  };
}
