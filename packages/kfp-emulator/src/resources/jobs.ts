import { authorize } from '../auth/authorize';
import { internal, invalidInput, notFound } from '../errors/api-error';
import { parseCron } from '../cron/robfig-cron';
import type { ListModel } from '../list/list-model';
import { stringField, timeField } from '../list/list-model';
import { listPage } from '../list/list-request';
import type { StoredJob, StoredTrigger } from '../state/state';
import { decodeMessage } from '../wire/message-schema';
import { JobSchema, type JobInput } from '../wire/messages';
import { formatTimestamp } from '../wire/timestamp';
import type { Caller, Query, ServiceContext } from './context';
import { resolveOwningExperiment } from './experiment-owner';
import { listQuery } from './list-scope';
import { effectiveServiceAccount, resolvePipeline, toApiPipelineSpec } from './pipeline-source';
import { ref, type WireReference } from './references';
import { scopeByReference } from './runs';

export const jobListModel: ListModel<StoredJob> = {
  name: 'jobs',
  key: (j) => j.seq,
  fields: {
    id: stringField((j) => j.id),
    name: stringField((j) => j.name),
    description: stringField((j) => j.description),
    created_at: timeField((j) => j.createdMs),
    updated_at: timeField((j) => j.updatedMs),
  },
};

const optionalTime = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : formatTimestamp(ms));

export function toApiJob(j: StoredJob): Record<string, unknown> {
  const refs: WireReference[] = [];
  if (j.namespace) refs.push(ref('NAMESPACE', j.namespace, 'OWNER'));
  refs.push(ref('EXPERIMENT', j.experimentId, 'OWNER'));
  if (j.pipelineVersionId) refs.push(ref('PIPELINE_VERSION', j.pipelineVersionId, 'CREATOR'));
  const cron = j.trigger?.cron;
  const periodic = j.trigger?.periodic;
  return {
    id: j.id,
    name: j.name,
    description: j.description,
    pipeline_spec: toApiPipelineSpec(j.pipelineSpec),
    resource_references: refs,
    service_account: j.serviceAccount,
    max_concurrency: j.maxConcurrency,
    trigger: j.trigger && {
      cron_schedule: cron && { start_time: optionalTime(cron.startMs), end_time: optionalTime(cron.endMs), cron: cron.cron },
      periodic_schedule: periodic && {
        start_time: optionalTime(periodic.startMs),
        end_time: optionalTime(periodic.endMs),
        interval_second: periodic.intervalSecond,
      },
    },
    created_at: formatTimestamp(j.createdMs),
    updated_at: formatTimestamp(j.updatedMs),
    status: j.enabled ? 'ENABLED' : 'DISABLED',
    enabled: j.enabled,
    no_catchup: j.noCatchup,
  };
}

export function findJob(ctx: ServiceContext, id: string): StoredJob {
  const job = ctx.state.jobs.find((j) => j.id === id);
  if (!job) throw notFound('Job', id);
  return job;
}

function validateMaxConcurrency(raw: string | undefined): string {
  const value = BigInt(raw ?? '0');
  if (value < 1n || value > 10n) {
    throw invalidInput(`The max concurrency of the job is out of range. Support 1-10. Received ${value}.`);
  }
  return value.toString();
}

function toStoredTrigger(trigger: JobInput['trigger']): StoredTrigger | undefined {
  if (!trigger) return undefined;
  const cron = trigger.cron_schedule;
  if (cron) {
    const parsed = parseCron(cron.cron ?? '');
    if (!parsed.ok) {
      throw invalidInput(`Schedule cron is not a supported format(https://godoc.org/github.com/robfig/cron). Error: ${parsed.error}`);
    }
    return { cron: { cron: cron.cron ?? '', startMs: cron.start_time, endMs: cron.end_time } };
  }
  const periodic = trigger.periodic_schedule;
  if (periodic) {
    const interval = BigInt(periodic.interval_second ?? '0');
    if (interval < 1n) throw invalidInput(`Found invalid period schedule: interval_second must be at least 1 second, got ${interval}.`);
    return { periodic: { intervalSecond: interval.toString(), startMs: periodic.start_time, endMs: periodic.end_time } };
  }
  return {};
}

export function createJob(ctx: ServiceContext, caller: Caller, body: unknown): Record<string, unknown> {
  const action = 'Failed to create a recurring run';
  const input = decodeMessage(body, JobSchema, ctx.decodeOptions) as JobInput;
  if (!input.name) throw internal('The job name is empty. Please specify a valid name').wrap(`${action}: Failed to convert API job to its model`);
  const maxConcurrency = validateMaxConcurrency(input.max_concurrency);
  const trigger = toStoredTrigger(input.trigger);
  const experiment = resolveOwningExperiment(ctx, caller, input.resource_references, 'jobs', action);
  const pipeline = resolvePipeline(ctx, input.pipeline_spec, input.resource_references, action);
  const now = ctx.now();
  const job: StoredJob = {
    id: ctx.newId(),
    seq: ctx.nextSeq(),
    name: input.name,
    description: input.description ?? '',
    namespace: experiment.namespace,
    experimentId: experiment.id,
    pipelineVersionId: pipeline.pipelineVersionId,
    serviceAccount: effectiveServiceAccount(ctx, input.service_account, pipeline.workflow),
    pipelineSpec: pipeline.spec,
    maxConcurrency,
    trigger,
    enabled: input.enabled === true || input.mode === 'ENABLED',
    noCatchup: input.no_catchup === true,
    createdMs: now,
    updatedMs: now,
  };
  ctx.state.jobs.push(job);
  return toApiJob(job);
}

export function getJob(ctx: ServiceContext, caller: Caller, id: string): Record<string, unknown> {
  const job = findJob(ctx, id);
  authorize(ctx, caller, job.namespace, 'get', 'jobs');
  return toApiJob(job);
}

export function listJobs(ctx: ServiceContext, caller: Caller, query: Query): Record<string, unknown> {
  const scoped = scopeByReference(ctx, caller, query, ctx.state.jobs, 'jobs');
  const page = listPage(scoped, jobListModel, listQuery(query));
  return { jobs: page.items.map(toApiJob), total_size: page.totalSize, next_page_token: page.nextPageToken };
}

export function setJobEnabled(ctx: ServiceContext, caller: Caller, id: string, enabled: boolean): Record<string, unknown> {
  const job = findJob(ctx, id);
  authorize(ctx, caller, job.namespace, enabled ? 'enable' : 'disable', 'jobs');
  job.enabled = enabled;
  job.updatedMs = ctx.now();
  return {};
}

export function deleteJob(ctx: ServiceContext, caller: Caller, id: string): Record<string, unknown> {
  const job = findJob(ctx, id);
  authorize(ctx, caller, job.namespace, 'delete', 'jobs');
  ctx.state.jobs = ctx.state.jobs.filter((j) => j.id !== id);
  return {};
}
