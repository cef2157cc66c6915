import { parse as parseYaml } from 'yaml';
import type {
  Experiment,
  Healthz,
  Job,
  JobTrigger,
  Pipeline,
  PipelineParameter,
  PipelineVersion,
  Run,
  RunDetail,
  RunV2,
  ScheduleWindow,
  StorageState,
} from './model';
import type { WireExperiment, WireHealthz, WireJob, WirePipeline, WirePipelineVersion, WireResourceReference, WireRun, WireRunDetail, WireExperimentV2, WireRunV2, WireRecurringRunV2 } from './wire';

type ResourceType = 'EXPERIMENT' | 'JOB' | 'PIPELINE' | 'PIPELINE_VERSION' | 'NAMESPACE';
const RESOURCE_TYPE_NUMBERS: Readonly<Record<ResourceType, number>> = {
  EXPERIMENT: 1,
  JOB: 2,
  PIPELINE: 3,
  PIPELINE_VERSION: 4,
  NAMESPACE: 5,
};

export function toHealthz(wire: WireHealthz): Healthz {
  return withoutUndefined({
    commitSha: wire.commit_sha ?? undefined,
    tagName: wire.tag_name ?? undefined,
    multiUser: wire.multi_user ?? false,
  });
}

export function toExperiment(wire: WireExperiment): Experiment {
  return withoutUndefined({
    id: wire.id,
    name: wire.name ?? '',
    description: wire.description ?? '',
    namespace: referenceId(wire.resource_references, 'NAMESPACE'),
    createdAt: toDate(wire.created_at),
    // Experiments: AVAILABLE = 1, ARCHIVED = 2.
    storageState: toStorageState(wire.storage_state, 2),
  });
}

export function toRun(wire: WireRun): Run {
  const refs = wire.resource_references;
  return withoutUndefined({
    id: wire.id,
    name: wire.name ?? '',
    description: wire.description ?? '',
    experimentId: referenceId(refs, 'EXPERIMENT'),
    namespace: referenceId(refs, 'NAMESPACE'),
    jobId: referenceId(refs, 'JOB'),
    pipelineId: wire.pipeline_spec?.pipeline_id || referenceId(refs, 'PIPELINE'),
    pipelineVersionId: referenceId(refs, 'PIPELINE_VERSION'),
    serviceAccount: wire.service_account || undefined,
    status: wire.status || undefined,
    error: wire.error || undefined,
    createdAt: toDate(wire.created_at),
    scheduledAt: toDate(wire.scheduled_at),
    finishedAt: toDate(wire.finished_at),
    // Runs: AVAILABLE = 0 (hence usually absent), ARCHIVED = 1.
    storageState: toStorageState(wire.storage_state, 1),
    workflowManifest: parseManifest(wire.pipeline_spec?.workflow_manifest),
    parameters: toParameterMap(wire.pipeline_spec?.parameters),
  });
}

export function toRunDetail(wire: WireRunDetail): RunDetail {
  return withoutUndefined({ ...toRun(wire.run), runtimeWorkflow: parseManifest(wire.pipeline_runtime?.workflow_manifest) });
}

/** `manifests` reads a workflow manifest; a listing shares one reader, so equal texts give one (read-only) object. */
export function toJob(wire: WireJob, manifests: (text: string | null | undefined) => unknown = parseManifest): Job {
  const refs = wire.resource_references;
  return withoutUndefined({
    id: wire.id,
    name: wire.name ?? '',
    description: wire.description ?? '',
    experimentId: referenceId(refs, 'EXPERIMENT'),
    namespace: referenceId(refs, 'NAMESPACE'),
    pipelineId: wire.pipeline_spec?.pipeline_id || referenceId(refs, 'PIPELINE'),
    pipelineVersionId: referenceId(refs, 'PIPELINE_VERSION'),
    serviceAccount: wire.service_account || undefined,
    maxConcurrency: toNumber(wire.max_concurrency) ?? 0,
    noCatchup: wire.no_catchup ?? false,
    // The server treats a job as enabled when either flag says so.
    enabled: (wire.enabled ?? false) || wire.mode === 'ENABLED' || wire.mode === 1,
    trigger: toTrigger(wire.trigger),
    workflowManifest: manifests(wire.pipeline_spec?.workflow_manifest),
    parameters: toParameterMap(wire.pipeline_spec?.parameters),
    pipelineManifest: wire.pipeline_spec?.pipeline_manifest || undefined,
    runtimeParameters: wire.pipeline_spec?.runtime_config?.parameters ?? undefined,
    status: wire.status || undefined,
    error: wire.error || undefined,
    createdAt: toDate(wire.created_at),
    updatedAt: toDate(wire.updated_at),
  });
}

export function toPipelineVersion(wire: WirePipelineVersion): PipelineVersion {
  return withoutUndefined({
    id: wire.id,
    name: wire.name ?? '',
    description: wire.description ?? '',
    pipelineId: referenceId(wire.resource_references, 'PIPELINE'),
    createdAt: toDate(wire.created_at),
    parameters: toPipelineParameters(wire.parameters),
  });
}

export function toPipeline(wire: WirePipeline): Pipeline {
  return withoutUndefined({
    id: wire.id,
    name: wire.name ?? '',
    description: wire.description ?? '',
    namespace: referenceId(wire.resource_references, 'NAMESPACE'),
    createdAt: toDate(wire.created_at),
    parameters: toPipelineParameters(wire.parameters),
    defaultVersion: wire.default_version ? toPipelineVersion(wire.default_version) : undefined,
  });
}

function toTrigger(wire: WireJob['trigger']): JobTrigger {
  const trigger: JobTrigger = {};
  const cron = wire?.cron_schedule;
  if (cron?.cron) trigger.cron = { expression: cron.cron, ...toWindow(cron) };
  const periodic = wire?.periodic_schedule;
  const seconds = toNumber(periodic?.interval_second);
  if (periodic && seconds !== undefined) trigger.interval = { seconds, ...toWindow(periodic) };
  return trigger;
}

function toWindow(wire: { start_time?: string | null; end_time?: string | null }): ScheduleWindow {
  return withoutUndefined({ startTime: toDate(wire.start_time), endTime: toDate(wire.end_time) });
}

/** The id of the first reference of a type, as the server's own helpers pick it. */
function referenceId(refs: WireResourceReference[] | null | undefined, type: ResourceType): string | undefined {
  const match = refs?.find((ref) => ref.key?.type === type || ref.key?.type === RESOURCE_TYPE_NUMBERS[type]);
  return match?.key?.id || undefined;
}

/** Epoch 0 is how the server writes "never" (e.g. `finished_at` of a running run). */
export function toDate(value: string | null | undefined): Date | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) || ms === 0 ? undefined : new Date(ms);
}

function toNumber(value: string | number | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  return typeof value === 'number' ? value : Number(value);
}

function toStorageState(value: string | number | null | undefined, archivedNumber: number): StorageState {
  if (typeof value === 'number') return value === archivedNumber ? 'archived' : 'available';
  return value?.toUpperCase().endsWith('ARCHIVED') ? 'archived' : 'available';
}

function toParameterMap(params: Array<{ name?: string | null; value?: string | null }> | null | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  for (const param of params ?? []) {
    if (param.name) map[param.name] = param.value ?? '';
  }
  return map;
}

function toPipelineParameters(params: Array<{ name?: string | null; value?: string | null }> | null | undefined): PipelineParameter[] {
  return (params ?? [])
    .filter((param) => param.name)
    .map((param) => withoutUndefined({ name: param.name ?? '', value: param.value ?? undefined }));
}

/** Manifests are sent as JSON, but 2.x servers also accept (and may hold) YAML. */
export function parseManifest(text: string | null | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    try {
      return parseYaml(text);
    } catch {
      return undefined;
    }
  }
}

/**
 * parseManifest, once per distinct text: the versions of a namespace's
 * recurring runs mostly carry the same few workflows (a thousand runs of five
 * pipelines), and parsing each copy would hold a thousand large objects.
 * Callers must not change what it returns.
 */
export function sharedManifestReader(): (text: string | null | undefined) => unknown {
  const parsed = new Map<string, unknown>();
  return (text) => {
    if (!text) return undefined;
    if (!parsed.has(text)) parsed.set(text, parseManifest(text));
    return parsed.get(text);
  };
}

/** Drops keys whose value is undefined, so results compare cleanly with toEqual and serialise without noise. */
function withoutUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as Array<keyof T>) {
    if (value[key] === undefined) delete value[key];
  }
  return value;
}

export function toExperimentV2(wire: WireExperimentV2): Experiment {
  return withoutUndefined({
    id: wire.experiment_id,
    name: wire.display_name ?? '',
    description: wire.description ?? '',
    namespace: wire.namespace || undefined,
    createdAt: toDate(wire.created_at),
    storageState: wire.storage_state === 'ARCHIVED' || wire.storage_state === 2 ? 'archived' : 'available',
  });
}

export function toRunV2(wire: WireRunV2): RunV2 {
  return withoutUndefined({
    id: wire.run_id,
    name: wire.display_name ?? '',
    experimentId: wire.experiment_id || undefined,
    state: typeof wire.state === 'string' ? wire.state : undefined,
    error: wire.error?.message || undefined,
    createdAt: toDate(wire.created_at),
    finishedAt: toDate(wire.finished_at),
  });
}

/** A v2 recurring run as a Job (the same row a v1beta1 listing shows). */
export function toRecurringRunJob(wire: WireRecurringRunV2): Pick<Job, 'id' | 'name' | 'experimentId' | 'enabled'> {
  return { id: wire.recurring_run_id, name: wire.display_name ?? '', experimentId: wire.experiment_id || undefined, enabled: wire.mode === 'ENABLE' || wire.mode === 1 };
}
