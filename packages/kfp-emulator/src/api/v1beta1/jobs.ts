import { ApiError, internalServerError, invalidInput } from '../../errors/api-error';
import type { Caller, Query, ServiceContext } from '../../resources/context';
import * as jobs from '../../resources/jobs';
import { listQuery } from '../../resources/list-scope';
import type { StoredJob } from '../../state/state';
import { decodeMessage } from '../../wire/message-schema';
import { formatTimestamp } from '../../wire/timestamp';
import { JobSchema, type JobInput } from '../../wire/v1beta1-messages';
import { toApiTrigger } from '../trigger';
import { pipelineSourceV1, toApiPipelineSpecV1 } from './pipeline-spec';
import { experimentIdFromRefs, namespaceFromRefs, ref, referenceKey, rowScope, type WireReference } from './references';

/**
 * toApiJobV1 after model.Job.ToV1 (server/api_converter.go, model/job.go at 2.1.0): references in the
 * order NAMESPACE, EXPERIMENT (OWNER), PIPELINE, PIPELINE_VERSION (CREATOR); `status` as last
 * reported; a trigger with neither schedule left out.
 */
export function toApiJobV1(j: StoredJob): Record<string, unknown> {
  const refs: WireReference[] = [];
  if (j.namespace) refs.push(ref('NAMESPACE', j.namespace, 'OWNER'));
  refs.push(ref('EXPERIMENT', j.experimentId, 'OWNER'));
  if (j.pipelineSpec.pipelineId) refs.push(ref('PIPELINE', j.pipelineSpec.pipelineId, 'CREATOR'));
  if (j.pipelineVersionId) refs.push(ref('PIPELINE_VERSION', j.pipelineVersionId, 'CREATOR'));
  return {
    id: j.id,
    name: j.name,
    description: j.description,
    pipeline_spec: toApiPipelineSpecV1(j.pipelineSpec),
    resource_references: refs,
    service_account: j.serviceAccount,
    max_concurrency: j.maxConcurrency,
    trigger: toApiTrigger(j),
    created_at: formatTimestamp(j.createdMs),
    updated_at: formatTimestamp(j.updatedMs),
    status: j.status,
    enabled: j.enabled,
    no_catchup: j.noCatchup,
  };
}

/** JobServerV1.CreateJob (2.1.0 and 2.14.0); errors carry the server's wraps. */
export function createJobV1(ctx: ServiceContext, caller: Caller, body: unknown): Record<string, unknown> {
  const input = decodeMessage(body, JobSchema, ctx.decodeOptions) as JobInput;
  const refs = input.resource_references;
  try {
    const name = input.name || input.pipeline_spec?.pipeline_name || '';
    if (!name) {
      const context = 'Failed to convert a v1beta1 API recurring run to its internal representation';
      throw internalServerError(context, invalidInput('Job name cannot be empty')).wrap('Failed to create a recurring run due to conversion error');
    }
    const job = jobs.createJob(
      ctx,
      caller,
      {
        name,
        description: input.description ?? '',
        experimentId: experimentIdFromRefs(refs),
        namespace: namespaceFromRefs(refs),
        serviceAccount: input.service_account ?? '',
        maxConcurrency: input.max_concurrency ?? '0',
        trigger: input.trigger,
        enabled: input.enabled === true || input.mode === 'ENABLED',
        noCatchup: input.no_catchup === true,
        source: pipelineSourceV1(input.pipeline_spec, refs),
      },
      {
        // v1beta1 means "the latest version now" on 2.14 too: JobServerV1.CreateJob looks it up.
        pinLatestVersion: true,
        handlerFrame: { func: 'github.com/kubeflow/pipelines/backend/src/apiserver/server.(*JobServerV1).CreateJob', file: 'apiserver/server/job_server.go', line: 147 },
      },
    );
    return toApiJobV1(job);
  } catch (error) {
    throw error instanceof ApiError && !error.plain ? error.wrap('Failed to create a recurring run') : error;
  }
}

export const getJobV1 = (ctx: ServiceContext, caller: Caller, id: string) => toApiJobV1(jobs.getJob(ctx, caller, id));

export function listJobsV1(ctx: ServiceContext, caller: Caller, query: Query): Record<string, unknown> {
  const page = jobs.listJobs(ctx, caller, rowScope(referenceKey(query)), listQuery(query));
  return { jobs: page.items.map(toApiJobV1), total_size: page.totalSize, next_page_token: page.nextPageToken };
}
