import type { Job } from '../kfp-client/model';
import { diffValues, valuesEqual } from '../render/compare';
import { withoutVolatileKeys } from '../render/normalize';
import type { FieldDifference, JobSpec } from './model';

/**
 * What differs between the desired spec and a version in the cluster: every
 * item the reference compares (description, experiment, max_concurrency,
 * service account, parameters, catchup, start and end, cron or interval, and
 * the workflow ignoring the compile time and SDK version). `enabled` is not
 * part of it: it is fixed with enable/disable, not with a new version.
 */
export function jobDifferences(desired: JobSpec, actual: Job, experimentIds: ReadonlyMap<string, string>): FieldDifference[] {
  const diffs: FieldDifference[] = [];
  const add = (field: string, actualValue: unknown, desiredValue: unknown) => {
    if (!valuesEqual(actualValue, desiredValue)) diffs.push({ field, actual: actualValue ?? null, desired: desiredValue ?? null });
  };
  add('description', actual.description || null, desired.description);
  const desiredExperimentId = experimentIds.get(desired.experiment);
  if (actual.experimentId !== desiredExperimentId) {
    diffs.push({ field: 'experiment', actual: experimentName(actual.experimentId, experimentIds), desired: desiredExperimentId ? desired.experiment : `${desired.experiment} (new)` });
  }
  add('max_concurrency', actual.maxConcurrency, desired.maxConcurrency);
  add('service_account', actual.serviceAccount ?? '', desired.serviceAccount);
  add('parameters', normalizeParameters(actual.parameters), desired.parameters);
  add('catchup', !actual.noCatchup, !desired.noCatchup);
  const window = actual.trigger.interval ?? actual.trigger.cron;
  const { schedule } = desired.trigger;
  add('start_date', isoSeconds(window?.startTime), desired.trigger.startTime);
  add('end_date', isoSeconds(window?.endTime), desired.trigger.endTime);
  add('cron', actual.trigger.interval ? null : (actual.trigger.cron?.expression ?? null), schedule.kind === 'cron' ? schedule.expression : null);
  add('interval_seconds', actual.trigger.interval?.seconds ?? null, schedule.kind === 'interval' ? schedule.seconds : null);
  const before = withoutVolatileKeys(actual.workflowManifest ?? null);
  const after = withoutVolatileKeys(desired.workflow);
  if (!valuesEqual(before, after)) {
    const paths = actual.workflowManifest === undefined ? ['(no inline workflow: the job was made from a stored pipeline)'] : diffValues(before, after).map((d) => `${d.kind} ${d.path}`);
    diffs.push({ field: 'workflow', paths: paths.slice(0, 5), count: paths.length });
  }
  return diffs;
}

function normalizeParameters(parameters: Record<string, string | null | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, v ?? '']));
}

/** The server keeps whole seconds in UTC. */
function isoSeconds(date: Date | undefined): string | null {
  return date ? date.toISOString().replace(/\.\d{3}Z$/, 'Z') : null;
}

function experimentName(id: string | undefined, ids: ReadonlyMap<string, string>): string {
  if (!id) return '(none)';
  for (const [name, experimentId] of ids) if (experimentId === id) return name;
  return `experiment ${id}`;
}
