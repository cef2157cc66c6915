import { authorize } from '../auth/authorize';
import { parseCron } from '../cron/robfig-cron';
import { ApiError, invalidInput, notFound, plainGoError } from '../errors/api-error';
import type { GoFrame } from '../errors/go-error';
import type { ListModel } from '../list/list-model';
import { stringField, timeField } from '../list/list-model';
import { listPage, type ListPage, type ListQuery } from '../list/list-request';
import { expectReport } from '../schedule/persistence-agent';
import { scheduledWorkflowName } from '../schedule/scheduled-workflow';
import type { StoredJob, StoredTrigger } from '../state/state';
import { SERVER_NAMESPACE, type Caller, type ServiceContext } from './context';
import { resolveOwner } from './experiment-owner';
import { scopeRows, type RowScope } from './list-scope';
import { validatePipelineJobInputs } from './pipeline-spec';
import { effectiveServiceAccount, resolvePipeline, type PipelineSourceInput } from './pipeline-source';

/**
 * One table, two APIs. v1beta1 jobs and v2beta1 recurring runs are the same rows of the `jobs` table
 * (model.Job): JobServerV1.ListJobs and JobServer.ListRecurringRuns (server/job_server.go at 2.1.0 and
 * 2.14.0) both call listJobs -> ResourceManager.ListJobs over the whole table, scoped by namespace or
 * experiment only, and convert every row (toApiJobV1 / toApiRecurringRun in server/api_converter.go),
 * whichever API created it; get, enable, disable and delete take any row's id through either API. So one
 * paged listing through either API shows every recurring run exactly once; listing through both shows
 * each twice. Seen through the other API: a v2 row in v1beta1 has pipeline_spec.pipeline_manifest (the
 * spec as the server stored it, YAML) and its typed runtime_config, no workflow_manifest; a v1 row in
 * v2beta1 has its v1 parameters as string runtime_config.parameters, and no pipeline source at all
 * unless it was made from a pipeline version (then pipeline_version_reference) - its workflow is not
 * shown. Only v1beta1 shows every row's whole manifest.
 */
const jobFields = {
  id: stringField((j: StoredJob) => j.id),
  recurring_run_id: stringField((j: StoredJob) => j.id),
  name: stringField((j: StoredJob) => j.name),
  display_name: stringField((j: StoredJob) => j.name),
  description: stringField((j: StoredJob) => j.description),
  created_at: timeField((j: StoredJob) => j.createdMs),
  updated_at: timeField((j: StoredJob) => j.updatedMs),
};

/** model.Job's field map (model/job.go at 2.1.0), shared by both APIs. */
export const jobListModel: ListModel<StoredJob> = { name: 'jobs', typeName: 'Job', key: (j) => j.id, fields: jobFields };

/** The schedule of a create request, as the decoders of both APIs give it. */
export interface TriggerInput {
  cron_schedule?: { start_time?: number; end_time?: number; cron?: string };
  periodic_schedule?: { start_time?: number; end_time?: number; interval_second?: string };
}

/** model.Job as a create request gives it (toModelJob in server/api_converter.go at 2.1.0). */
export interface NewJob {
  name: string;
  description: string;
  experimentId: string;
  namespace: string;
  serviceAccount: string;
  /** int64 as a decimal string. */
  maxConcurrency: string;
  trigger?: TriggerInput;
  enabled: boolean;
  noCatchup: boolean;
  source: PipelineSourceInput;
}

export function findJob(ctx: ServiceContext, id: string): StoredJob {
  const job = ctx.state.jobs.find((j) => j.id === id);
  if (!job) throw notFound('Job', id);
  return job;
}

const CONVERSION = 'Failed to create a recurring run due to conversion error';

/** toModelJob's checks, in its order (server/api_converter.go at 2.1.0); 2.14 fixed the "at leas" typo. */
function validatedSchedule(ctx: ServiceContext, input: NewJob): { maxConcurrency: string; trigger?: StoredTrigger } {
  const maxConcurrency = BigInt(input.maxConcurrency);
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

function wrapped<T>(fn: () => T, ...contexts: string[]): T {
  try {
    return fn();
  } catch (error) {
    throw error instanceof ApiError ? contexts.reduce((e, context) => e.wrap(context), error) : error;
  }
}

export interface CreateJobOptions {
  /**
   * Whether a pipeline id alone means its latest version now (2.1, and v1beta1 on 2.14, where
   * JobServerV1.CreateJob looks it up) or at each run (v2beta1 on 2.14).
   */
  pinLatestVersion: boolean;
  /** The API method that returns 2.14's plain "empty pipeline ID" error, for its stack trace. */
  handlerFrame: GoFrame;
}

/**
 * toModelJob's schedule checks, then JobServer.createJob and ResourceManager.CreateJob (2.1.0 and
 * 2.14.0), for both APIs. Errors carry the server's inner wraps; the caller adds "Failed to create a
 * recurring run".
 */
export function createJob(ctx: ServiceContext, caller: Caller, input: NewJob, options: CreateJobOptions): StoredJob {
  const schedule = wrapped(() => validatedSchedule(ctx, input), CONVERSION);
  const owner = resolveOwner(ctx, caller, input.experimentId, input.namespace, 'jobs', 'Failed to create a recurring run due to invalid experimentId and namespace combination');
  const source = input.source;
  if (ctx.flavor === '2.14' && !source.pipelineVersionId && !source.pipelineManifest && !source.workflowManifest && !source.pipelineId) {
    throw emptyPipelineId(options.handlerFrame);
  }
  const pipeline = resolvePipeline(ctx, source, {
    fetchFailure: 'Failed to create a recurring run with an invalid pipeline spec manifest',
    resolveLatestVersion: options.pinLatestVersion,
  });
  if (pipeline.template?.kind === 'v2') {
    const spec = pipeline.template.document.spec;
    const outer = pipeline.pinned ? 'Failed to create a recurring run during scheduled workflow creation' : 'Failed to validate the input parameters on the latest pipeline version';
    wrapped(() => validatePipelineJobInputs(spec, source.runtimeConfig?.parameters), 'invalid pipeline job inputs', outer);
  }
  const now = ctx.now();
  const job: StoredJob = {
    id: ctx.newId(),
    seq: ctx.nextSeq(),
    name: input.name,
    swfName: scheduledWorkflowName(input.name),
    description: input.description,
    namespace: owner.namespace || SERVER_NAMESPACE,
    experimentId: owner.experiment.id,
    pipelineVersionId: pipeline.pipelineVersionId,
    // A job that follows the latest version has no workflow to take a default from (2.14 stores what it was given).
    serviceAccount: pipeline.pinned ? effectiveServiceAccount(ctx, input.serviceAccount, pipeline.template) : input.serviceAccount,
    pipelineSpec: pipeline.spec,
    maxConcurrency: schedule.maxConcurrency,
    trigger: schedule.trigger,
    enabled: input.enabled,
    noCatchup: input.noCatchup,
    createdMs: now,
    updatedMs: now,
    // The API server stores the new ScheduledWorkflow's (empty) condition: unknown until the agent reports.
    status: 'STATUS_UNSPECIFIED',
    lastIndex: 0,
  };
  expectReport(job, job.createdMs, ctx.timing);
  ctx.state.jobs.push(job);
  return job;
}

/** 2.14's ResourceManager.CreateJob returns a plain Go error for a job without any pipeline; the interceptor makes it an internal error. */
function emptyPipelineId(handler: GoFrame): ApiError {
  return plainGoError([
    {
      message: 'Cannot create a job with an empty pipeline ID',
      stack: [{ func: 'github.com/kubeflow/pipelines/backend/src/apiserver/resource.(*ResourceManager).CreateJob', file: 'apiserver/resource/resource_manager.go', line: 1128 }],
    },
    {
      message: 'Failed to create a recurring run',
      stack: [{ func: 'github.com/kubeflow/pipelines/backend/src/common/util.Wrap', file: 'common/util/error.go', line: 361 }, handler],
    },
  ]);
}

export function getJob(ctx: ServiceContext, caller: Caller, id: string): StoredJob {
  const job = findJob(ctx, id);
  authorize(ctx, caller, job.namespace, 'get', 'jobs');
  return job;
}

export function listJobs(ctx: ServiceContext, caller: Caller, scope: RowScope, query: ListQuery): ListPage<StoredJob> {
  return listPage(scopeRows(ctx, caller, scope, ctx.state.jobs, 'jobs'), jobListModel, query);
}

/**
 * ChangeJobMode: patches the ScheduledWorkflow (the controller then updates its condition, and the
 * persistence agent reports the new status later) and sets `enabled`; updated_at moves only when
 * `enabled` changes (JobStore.ChangeJobMode updates WHERE Enabled = !enabled).
 */
export function setJobEnabled(ctx: ServiceContext, caller: Caller, id: string, enabled: boolean): void {
  const job = findJob(ctx, id);
  authorize(ctx, caller, job.namespace, enabled ? 'enable' : 'disable', 'jobs');
  const now = ctx.now();
  if (job.enabled !== enabled) {
    job.enabled = enabled;
    job.updatedMs = now;
  }
  expectReport(job, now, ctx.timing);
}

export function deleteJob(ctx: ServiceContext, caller: Caller, id: string): void {
  const job = findJob(ctx, id);
  authorize(ctx, caller, job.namespace, 'delete', 'jobs');
  ctx.state.jobs = ctx.state.jobs.filter((j) => j.id !== id);
}
