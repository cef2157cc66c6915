import { authorize } from '../auth/authorize';
import { ApiError, internalServerError, invalidInput, notFound, plainGoError } from '../errors/api-error';
import { parseCron } from '../cron/robfig-cron';
import type { ListModel } from '../list/list-model';
import { stringField, timeField } from '../list/list-model';
import { listPage } from '../list/list-request';
import type { StoredJob, StoredTrigger } from '../state/state';
import { decodeMessage } from '../wire/message-schema';
import { JobSchema, type JobInput } from '../wire/messages';
import { formatTimestamp } from '../wire/timestamp';
import { expectReport } from '../schedule/persistence-agent';
import { scheduledWorkflowName } from '../schedule/scheduled-workflow';
import { SERVER_NAMESPACE, type Caller, type Query, type ServiceContext } from './context';
import { resolveOwningExperiment } from './experiment-owner';
import { listQuery } from './list-scope';
import { effectiveServiceAccount, resolvePipeline, toApiPipelineSpec } from './pipeline-source';
import { pipelineIdFromRefs, pipelineVersionIdFromRefs, ref, type WireReference } from './references';
import { scopeByReference } from './runs';

export const jobListModel: ListModel<StoredJob> = {
  name: 'jobs',
  typeName: 'Job',
  key: (j) => j.id,
  fields: {
    id: stringField((j) => j.id),
    name: stringField((j) => j.name),
    description: stringField((j) => j.description),
    created_at: timeField((j) => j.createdMs),
    updated_at: timeField((j) => j.updatedMs),
  },
};

const optionalTime = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : formatTimestamp(ms));

/**
 * toApiJobV1 after model.Job.ToV1 (server/api_converter.go, model/job.go at 2.1.0): references in the
 * order NAMESPACE, EXPERIMENT (OWNER), PIPELINE, PIPELINE_VERSION (CREATOR); `status` as last
 * reported; a trigger with neither schedule left out.
 */
export function toApiJob(j: StoredJob): Record<string, unknown> {
  const refs: WireReference[] = [];
  if (j.namespace) refs.push(ref('NAMESPACE', j.namespace, 'OWNER'));
  refs.push(ref('EXPERIMENT', j.experimentId, 'OWNER'));
  if (j.pipelineSpec.pipelineId) refs.push(ref('PIPELINE', j.pipelineSpec.pipelineId, 'CREATOR'));
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
    trigger: (cron || periodic) && {
      cron_schedule: cron && { start_time: optionalTime(cron.startMs), end_time: optionalTime(cron.endMs), cron: cron.cron },
      periodic_schedule: periodic && {
        start_time: optionalTime(periodic.startMs),
        end_time: optionalTime(periodic.endMs),
        interval_second: periodic.intervalSecond,
      },
    },
    created_at: formatTimestamp(j.createdMs),
    updated_at: formatTimestamp(j.updatedMs),
    status: j.status,
    enabled: j.enabled,
    no_catchup: j.noCatchup,
  };
}

export function findJob(ctx: ServiceContext, id: string): StoredJob {
  const job = ctx.state.jobs.find((j) => j.id === id);
  if (!job) throw notFound('Job', id);
  return job;
}

const CONVERSION = 'Failed to create a recurring run due to conversion error';

/** toModelJob's checks, in its order (server/api_converter.go at 2.1.0); 2.14 fixed the "at leas" typo. */
function validatedSchedule(ctx: ServiceContext, input: JobInput): { maxConcurrency: string; trigger?: StoredTrigger } {
  const maxConcurrency = BigInt(input.max_concurrency ?? '0');
  if (maxConcurrency < 1n || maxConcurrency > 10n) {
    const least = ctx.flavor === '2.1' ? 'leas' : 'least';
    throw invalidInput(`Max concurrency of a recurring run must be at ${least} 1 and at most 10. Received ${maxConcurrency}`);
  }
  const cron = input.trigger?.cron_schedule;
  const periodic = input.trigger?.periodic_schedule;
  if (cron) {
    const parsed = parseCron(cron.cron ?? '');
    if (!parsed.ok) {
      throw invalidInput(`Schedule cron is not a supported format(https://godoc.org/github.com/robfig/cron). Error: ${parsed.error}`);
    }
    return { maxConcurrency: maxConcurrency.toString(), trigger: { cron: { cron: cron.cron ?? '', startMs: cron.start_time, endMs: cron.end_time } } };
  }
  if (periodic) {
    const interval = BigInt(periodic.interval_second ?? '0');
    if (interval < 1n) throw invalidInput(`Found invalid period schedule interval ${interval}. Set at interval to least 1 second`);
    return {
      maxConcurrency: maxConcurrency.toString(),
      trigger: { periodic: { intervalSecond: interval.toString(), startMs: periodic.start_time, endMs: periodic.end_time } },
    };
  }
  // No schedule: the ScheduledWorkflow runs once.
  return { maxConcurrency: maxConcurrency.toString() };
}

/** JobServer.CreateJob and ResourceManager.CreateJob (2.1.0 and 2.14.0); errors carry the server's wraps. */
export function createJob(ctx: ServiceContext, caller: Caller, body: unknown): Record<string, unknown> {
  const action = 'Failed to create a recurring run';
  const input = decodeMessage(body, JobSchema, ctx.decodeOptions) as JobInput;
  const refs = input.resource_references;
  const spec = input.pipeline_spec;
  const pinnedSource = pipelineVersionIdFromRefs(refs) || spec?.workflow_manifest || spec?.pipeline_manifest;
  let job: StoredJob;
  try {
    const name = input.name || spec?.pipeline_name || '';
    if (!name) {
      const context = 'Failed to convert a v1beta1 API recurring run to its internal representation';
      throw internalServerError(context, invalidInput('Job name cannot be empty')).wrap(CONVERSION);
    }
    const schedule = wrapErrors(() => validatedSchedule(ctx, input), CONVERSION);
    const experiment = resolveOwningExperiment(ctx, caller, refs, 'jobs', `${action} due to invalid experimentId and namespace combination`);
    if (ctx.flavor === '2.14' && !pinnedSource && !(spec?.pipeline_id || pipelineIdFromRefs(refs))) throw emptyPipelineId(action);
    // 2.14 pins a job to a version only when one is named; a pipeline id alone means "the latest, at each run".
    const pipeline = resolvePipeline(ctx, spec, refs, {
      fetchFailure: 'Failed to create a recurring run with an invalid pipeline spec manifest',
      resolveLatestVersion: ctx.flavor === '2.1',
    });
    const now = ctx.now();
    job = {
      id: ctx.newId(),
      seq: ctx.nextSeq(),
      name,
      swfName: scheduledWorkflowName(name),
      description: input.description ?? '',
      namespace: experiment.namespace || SERVER_NAMESPACE,
      experimentId: experiment.id,
      pipelineVersionId: pipeline.pipelineVersionId,
      serviceAccount: effectiveServiceAccount(ctx, input.service_account, pipeline.workflow),
      pipelineSpec: pipeline.spec,
      maxConcurrency: schedule.maxConcurrency,
      trigger: schedule.trigger,
      enabled: input.enabled === true || input.mode === 'ENABLED',
      noCatchup: input.no_catchup === true,
      createdMs: now,
      updatedMs: now,
      // The API server stores the new ScheduledWorkflow's (empty) condition: unknown until the agent reports.
      status: 'STATUS_UNSPECIFIED',
      lastIndex: 0,
    };
  } catch (error) {
    throw error instanceof ApiError && !error.plain ? error.wrap(action) : error;
  }
  expectReport(job, job.createdMs, ctx.timing);
  ctx.state.jobs.push(job);
  return toApiJob(job);
}

function wrapErrors<T>(fn: () => T, context: string): T {
  try {
    return fn();
  } catch (error) {
    throw error instanceof ApiError ? error.wrap(context) : error;
  }
}

/** 2.14's ResourceManager.CreateJob returns a plain Go error for a job without any pipeline; the interceptor makes it an internal error. */
function emptyPipelineId(action: string): ApiError {
  return plainGoError([
    {
      message: 'Cannot create a job with an empty pipeline ID',
      stack: [{ func: 'github.com/kubeflow/pipelines/backend/src/apiserver/resource.(*ResourceManager).CreateJob', file: 'apiserver/resource/resource_manager.go', line: 1128 }],
    },
    {
      message: action,
      stack: [
        { func: 'github.com/kubeflow/pipelines/backend/src/common/util.Wrap', file: 'common/util/error.go', line: 361 },
        { func: 'github.com/kubeflow/pipelines/backend/src/apiserver/server.(*JobServerV1).CreateJob', file: 'apiserver/server/job_server.go', line: 147 },
      ],
    },
  ]);
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

/**
 * ChangeJobMode: patches the ScheduledWorkflow (the controller then updates its condition, and the
 * persistence agent reports the new status later) and sets `enabled`; updated_at moves only when
 * `enabled` changes (JobStore.ChangeJobMode updates WHERE Enabled = !enabled).
 */
export function setJobEnabled(ctx: ServiceContext, caller: Caller, id: string, enabled: boolean): Record<string, unknown> {
  const job = findJob(ctx, id);
  authorize(ctx, caller, job.namespace, enabled ? 'enable' : 'disable', 'jobs');
  const now = ctx.now();
  if (job.enabled !== enabled) {
    job.enabled = enabled;
    job.updatedMs = now;
  }
  expectReport(job, now, ctx.timing);
  return {};
}

export function deleteJob(ctx: ServiceContext, caller: Caller, id: string): Record<string, unknown> {
  const job = findJob(ctx, id);
  authorize(ctx, caller, job.namespace, 'delete', 'jobs');
  ctx.state.jobs = ctx.state.jobs.filter((j) => j.id !== id);
  return {};
}
