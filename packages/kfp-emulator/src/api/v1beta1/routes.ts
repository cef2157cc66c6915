import type { ApiRoute } from '../../http/routes';
import * as jobs from '../../resources/jobs';
import * as pipelines from '../../resources/pipelines';
import * as runs from '../../resources/runs';
import { emptyAnswer } from '../empty-answer';
import { healthz } from '../healthz';
import * as experimentsV1 from './experiments';
import * as jobsV1 from './jobs';
import * as pipelinesV1 from './pipelines';
import * as runsV1 from './runs';

/** The v1beta1 API (backend/api/v1beta1/*.proto), paths below /apis/v1beta1. */
export const V1BETA1_ROUTES: ApiRoute[] = [
  { method: 'ANY', path: '/healthz', kind: 'healthz', anonymous: true, handle: ({ ctx }) => healthz(ctx, 'v1beta1') },

  { method: 'POST', path: '/experiments', kind: 'experiments.create', body: 'json', handle: (c) => experimentsV1.createExperimentV1(c.ctx, c.caller, c.json) },
  { method: 'GET', path: '/experiments', kind: 'experiments.list', handle: (c) => experimentsV1.listExperimentsV1(c.ctx, c.caller, c.query) },
  { method: 'GET', path: '/experiments/{id}', kind: 'experiments.get', handle: (c) => experimentsV1.getExperimentV1(c.ctx, c.caller, c.params.id) },
  { method: 'DELETE', path: '/experiments/{id}', kind: 'experiments.delete', handle: (c) => experimentsV1.deleteExperimentV1(c.ctx, c.caller, c.params.id) },
  { method: 'POST', path: '/experiments/{id}:archive', kind: 'experiments.archive', handle: (c) => experimentsV1.archiveExperimentV1(c.ctx, c.caller, c.params.id, true) },
  { method: 'POST', path: '/experiments/{id}:unarchive', kind: 'experiments.unarchive', handle: (c) => experimentsV1.archiveExperimentV1(c.ctx, c.caller, c.params.id, false) },

  { method: 'POST', path: '/runs', kind: 'runs.create', body: 'json', handle: (c) => runsV1.createRunV1(c.ctx, c.caller, c.json) },
  { method: 'GET', path: '/runs', kind: 'runs.list', handle: (c) => runsV1.listRunsV1(c.ctx, c.caller, c.query) },
  { method: 'GET', path: '/runs/{id}', kind: 'runs.get', handle: (c) => runsV1.getRunV1(c.ctx, c.caller, c.params.id) },
  { method: 'DELETE', path: '/runs/{id}', kind: 'runs.delete', handle: (c) => emptyAnswer(() => runs.deleteRun(c.ctx, c.caller, c.params.id)) },
  { method: 'POST', path: '/runs/{id}/terminate', kind: 'runs.terminate', handle: (c) => emptyAnswer(() => runs.terminateRun(c.ctx, c.caller, c.params.id)) },
  { method: 'POST', path: '/runs/{id}/retry', kind: 'runs.retry', handle: (c) => emptyAnswer(() => runs.retryRun(c.ctx, c.caller, c.params.id)) },
  { method: 'POST', path: '/runs/{id}:archive', kind: 'runs.archive', handle: (c) => emptyAnswer(() => runs.archiveRun(c.ctx, c.caller, c.params.id, true)) },
  { method: 'POST', path: '/runs/{id}:unarchive', kind: 'runs.unarchive', handle: (c) => emptyAnswer(() => runs.archiveRun(c.ctx, c.caller, c.params.id, false)) },
  { method: 'POST', path: '/runs/{id}:reportMetrics', kind: 'runs.reportMetrics', body: 'json', handle: (c) => runsV1.reportRunMetricsV1(c.ctx, c.caller, c.params.id, c.json) },

  { method: 'POST', path: '/jobs', kind: 'jobs.create', body: 'json', handle: (c) => jobsV1.createJobV1(c.ctx, c.caller, c.json) },
  { method: 'GET', path: '/jobs', kind: 'jobs.list', handle: (c) => jobsV1.listJobsV1(c.ctx, c.caller, c.query) },
  { method: 'GET', path: '/jobs/{id}', kind: 'jobs.get', handle: (c) => jobsV1.getJobV1(c.ctx, c.caller, c.params.id) },
  { method: 'DELETE', path: '/jobs/{id}', kind: 'jobs.delete', handle: (c) => emptyAnswer(() => jobs.deleteJob(c.ctx, c.caller, c.params.id)) },
  { method: 'POST', path: '/jobs/{id}/enable', kind: 'jobs.enable', handle: (c) => emptyAnswer(() => jobs.setJobEnabled(c.ctx, c.caller, c.params.id, true)) },
  { method: 'POST', path: '/jobs/{id}/disable', kind: 'jobs.disable', handle: (c) => emptyAnswer(() => jobs.setJobEnabled(c.ctx, c.caller, c.params.id, false)) },

  { method: 'ANY', path: '/pipelines/upload', kind: 'pipelines.upload', body: 'upload', handle: (c) => pipelinesV1.uploadPipelineV1(c.ctx, c.caller, c.query, c.upload!) },
  { method: 'ANY', path: '/pipelines/upload_version', kind: 'pipelines.uploadVersion', body: 'upload', handle: (c) => pipelinesV1.uploadPipelineVersionV1(c.ctx, c.caller, c.query, c.upload!) },
  { method: 'POST', path: '/pipelines', kind: 'pipelines.create', body: 'json', handle: () => pipelinesV1.createPipelineFromUrl() },
  { method: 'GET', path: '/pipelines', kind: 'pipelines.list', handle: (c) => pipelinesV1.listPipelinesV1(c.ctx, c.caller, c.query) },
  { method: 'GET', path: '/pipelines/{id}', kind: 'pipelines.get', handle: (c) => pipelinesV1.getPipelineV1(c.ctx, c.caller, c.params.id) },
  { method: 'DELETE', path: '/pipelines/{id}', kind: 'pipelines.delete', handle: (c) => emptyAnswer(() => pipelines.deletePipeline(c.ctx, c.caller, c.params.id)) },
  { method: 'GET', path: '/pipelines/{id}/templates', kind: 'pipelines.template', handle: (c) => pipelinesV1.getPipelineTemplateV1(c.ctx, c.caller, c.params.id) },
  { method: 'POST', path: '/pipelines/{pipeline_id}/default_version/{version_id}', kind: 'pipelines.setDefaultVersion', handle: (c) => pipelinesV1.setDefaultPipelineVersionV1(c.ctx, c.caller, c.params.pipeline_id, c.params.version_id) },
  { method: 'GET', path: '/namespaces/{namespace}/pipelines/{name}', kind: 'pipelines.getByName', handle: (c) => pipelinesV1.getPipelineByNameV1(c.ctx, c.caller, c.params.namespace, c.params.name) },
  { method: 'POST', path: '/pipeline_versions', kind: 'pipelineVersions.create', body: 'json', handle: () => pipelinesV1.createPipelineFromUrl() },
  { method: 'GET', path: '/pipeline_versions', kind: 'pipelineVersions.list', handle: (c) => pipelinesV1.listPipelineVersionsV1(c.ctx, c.caller, c.query) },
  { method: 'GET', path: '/pipeline_versions/{id}', kind: 'pipelineVersions.get', handle: (c) => pipelinesV1.getPipelineVersionV1(c.ctx, c.caller, c.params.id) },
  { method: 'DELETE', path: '/pipeline_versions/{id}', kind: 'pipelineVersions.delete', handle: (c) => emptyAnswer(() => pipelines.deletePipelineVersion(c.ctx, c.caller, c.params.id)) },
  { method: 'GET', path: '/pipeline_versions/{id}/templates', kind: 'pipelineVersions.template', handle: (c) => pipelinesV1.getPipelineVersionTemplateV1(c.ctx, c.caller, c.params.id) },
];
