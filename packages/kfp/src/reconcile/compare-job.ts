import type { Job } from '../kfp-client/model';
import { diffValues, valuesEqual } from '../render/compare';
import { withoutVolatileKeys } from '../render/normalize';
import { parsePipelineSpec } from '../pipeline-spec/pipeline-spec';
import { isRecord } from '../utils/is-record';
import { isoSeconds } from '../utils/iso-seconds';
import type { DesiredPipeline, FieldDifference, JobSpec } from './model';

/**
 * What differs between the desired spec and a version in the cluster: every
 * item the reference compares (description, experiment, max_concurrency,
 * service account, parameters, catchup, start and end, cron or interval, and
 * the pipeline ignoring the compile time and SDK version). `enabled` is not
 * part of it: it is fixed with enable/disable, not with a new version.
 */
export function jobDifferences(desired: JobSpec, actual: Job, experimentIds: ReadonlyMap<string, string>, compare: PipelineComparer = pipelineComparer()): FieldDifference[] {
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
  add('catchup', !actual.noCatchup, !desired.noCatchup);
  const window = actual.trigger.interval ?? actual.trigger.cron;
  const { schedule } = desired.trigger;
  add('start_date', serverTime(window?.startTime), desired.trigger.startTime);
  add('end_date', serverTime(window?.endTime), desired.trigger.endTime);
  add('cron', actual.trigger.interval ? null : (actual.trigger.cron?.expression ?? null), schedule.kind === 'cron' ? schedule.expression : null);
  add('interval_seconds', actual.trigger.interval?.seconds ?? null, schedule.kind === 'interval' ? schedule.seconds : null);
  diffs.push(...pipelineDifferences(desired.pipeline, actual, compare));
  return diffs;
}

/** The changed paths between a version's pipeline and git's, as `<kind> <path>`. */
export interface PipelineComparer {
  workflow(actual: unknown, desired: unknown): string[];
  spec(storedManifest: string, desired: { spec: unknown; platformSpec?: unknown }): string[];
}

/**
 * Compares each distinct pair of pipelines once, and normalises each pipeline
 * once: a namespace's versions share a few manifests (see
 * sharedManifestReader) and git's runs a few pipelines, so a plan of a
 * thousand runs compares a handful of pairs. What it returns is shared: read it only.
 */
export function pipelineComparer(): PipelineComparer {
  const normalized = new WeakMap<object, unknown>();
  const comparable = (value: unknown) => {
    if (!isObject(value)) return withoutVolatileKeys(value);
    if (!normalized.has(value)) normalized.set(value, withoutVolatileKeys(value));
    return normalized.get(value);
  };
  const pairs = new WeakMap<object, WeakMap<object, string[]>>();
  const once = (a: unknown, b: unknown, compute: () => string[]): string[] => {
    if (!isObject(a) || !isObject(b)) return compute();
    const byB = pairs.get(a) ?? new WeakMap<object, string[]>();
    pairs.set(a, byB);
    if (!byB.has(b)) byB.set(b, compute());
    return byB.get(b)!;
  };
  const storedSpecs = new Map<string, unknown>();
  const desiredSpecs = new WeakMap<object, unknown>();
  return {
    workflow: (actual, desired) => once(actual, desired, () => changedPaths(comparable(actual), comparable(desired))),
    spec: (manifest, desired) => {
      if (!storedSpecs.has(manifest)) storedSpecs.set(manifest, comparableSpec(readStoredSpec(manifest)));
      const stored = storedSpecs.get(manifest);
      const key = isObject(desired.spec) ? desired.spec : desired;
      if (!desiredSpecs.has(key)) desiredSpecs.set(key, comparableSpec(desired));
      return once(stored, desiredSpecs.get(key), () => changedPaths(stored, desiredSpecs.get(key)));
    },
  };
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/**
 * The pipeline and its parameters, in the SDK the version was made with. A
 * v2 row (made through v2beta1) lists its IR as `pipelineManifest` and typed
 * `runtimeParameters`; a v1 row its workflow and text parameters. A move from
 * one SDK to the other is a difference of its own.
 */
function pipelineDifferences(desired: DesiredPipeline, actual: Job, compare: PipelineComparer): FieldDifference[] {
  const actualSdk = actual.pipelineManifest !== undefined ? 'v2' : 'v1';
  if (actualSdk !== desired.sdk) {
    return [{ field: 'sdk', actual: `KFP ${actualSdk}`, desired: `KFP ${desired.sdk}` }];
  }
  const diffs: FieldDifference[] = [];
  if (desired.sdk === 'v1') {
    if (!valuesEqual(normalizeParameters(actual.parameters), desired.parameters)) diffs.push({ field: 'parameters', actual: normalizeParameters(actual.parameters), desired: desired.parameters });
    const paths = actual.workflowManifest === undefined ? ['(no inline workflow: the job was made from a stored pipeline)'] : compare.workflow(actual.workflowManifest, desired.workflow);
    if (paths.length > 0) diffs.push({ field: 'workflow', paths: paths.slice(0, 5), count: paths.length });
    return diffs;
  }
  const actualParameters = actual.runtimeParameters ?? {};
  if (!valuesEqual(actualParameters, desired.parameters)) diffs.push({ field: 'parameters', actual: actualParameters, desired: desired.parameters });
  const paths = compare.spec(actual.pipelineManifest ?? '', { spec: desired.spec, platformSpec: desired.platformSpec });
  if (paths.length > 0) diffs.push({ field: 'pipeline', paths: paths.slice(0, 5), count: paths.length });
  return diffs;
}

function changedPaths(before: unknown, after: unknown): string[] {
  return valuesEqual(before, after) ? [] : diffValues(before, after).map((d) => `${d.kind} ${d.path}`);
}

/** A stored v2 manifest as the IR and platform spec; an unreadable one compares as different from anything. */
function readStoredSpec(manifest: string): { spec: unknown; platformSpec?: unknown } {
  try {
    return parsePipelineSpec(manifest, 'the stored pipeline');
  } catch {
    return { spec: '(the stored pipeline cannot be read)' };
  }
}

// What changes without the pipeline changing (the SDK version) is left out.
function comparableSpec({ spec, platformSpec }: { spec: unknown; platformSpec?: unknown }): unknown {
  const { sdkVersion: _sdkVersion, ...rest } = isRecord(spec) ? spec : { spec };
  return { spec: rest, platformSpec: platformSpec ?? null };
}

function normalizeParameters(parameters: Record<string, string | null | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, v ?? '']));
}

/** The server keeps whole seconds in UTC. */
function serverTime(date: Date | undefined): string | null {
  return date ? isoSeconds(date.getTime()) : null;
}

function experimentName(id: string | undefined, ids: ReadonlyMap<string, string>): string {
  if (!id) return '(none)';
  for (const [name, experimentId] of ids) if (experimentId === id) return name;
  return `experiment ${id}`;
}
