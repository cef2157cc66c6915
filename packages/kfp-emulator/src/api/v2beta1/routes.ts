import type { ApiRoute } from '../../http/routes';
import * as experiments from '../../resources/experiments';
import * as jobs from '../../resources/jobs';
import * as pipelines from '../../resources/pipelines';
import * as runs from '../../resources/runs';
import { emptyAnswer } from '../empty-answer';
import { healthz } from '../healthz';
import * as experimentsV2 from './experiments';
import * as pipelinesV2 from './pipelines';
import * as recurringRunsV2 from './recurring-runs';
import * as runsV2 from './runs';

/**
 * The v2beta1 API (backend/api/v2beta1/*.proto at 2.1.0 and 2.14.0), paths below /apis/v2beta1: another
 * wire shape over the same rows as v1beta1, so what one API makes the other shows. Request kinds start
 * with `v2.`.
 */
export const V2BETA1_ROUTES: ApiRoute[] = [
  { method: 'ANY', path: '/healthz', kind: 'v2.healthz', anonymous: true, handle: ({ ctx }) => healthz(ctx, 'v2beta1') },

  { method: 'POST', path: '/experiments', kind: 'v2.experiments.create', body: 'json', handle: (c) => experimentsV2.createExperimentV2(c.ctx, c.caller, c.json) },
  { method: 'GET', path: '/experiments', kind: 'v2.experiments.list', handle: (c) => experimentsV2.listExperimentsV2(c.ctx, c.caller, c.query) },
  { method: 'GET', path: '/experiments/{experiment_id}', kind: 'v2.experiments.get', handle: (c) => experimentsV2.getExperimentV2(c.ctx, c.caller, c.params.experiment_id) },
  { method: 'DELETE', path: '/experiments/{experiment_id}', kind: 'v2.experiments.delete', handle: (c) => emptyAnswer(() => experiments.deleteExperiment(c.ctx, c.caller, c.params.experiment_id)) },
  { method: 'POST', path: '/experiments/{experiment_id}:archive', kind: 'v2.experiments.archive', handle: (c) => emptyAnswer(() => experiments.archiveExperiment(c.ctx, c.caller, c.params.experiment_id, true)) },
  { method: 'POST', path: '/experiments/{experiment_id}:unarchive', kind: 'v2.experiments.unarchive', handle: (c) => emptyAnswer(() => experiments.archiveExperiment(c.ctx, c.caller, c.params.experiment_id, false)) },

  { method: 'POST', path: '/runs', kind: 'v2.runs.create', body: 'json', handle: (c) => runsV2.createRunV2(c.ctx, c.caller, c.json) },
  { method: 'GET', path: '/runs', kind: 'v2.runs.list', handle: (c) => runsV2.listRunsV2(c.ctx, c.caller, c.query) },
  { method: 'GET', path: '/runs/{run_id}', kind: 'v2.runs.get', handle: (c) => runsV2.getRunV2(c.ctx, c.caller, c.params.run_id) },
  { method: 'DELETE', path: '/runs/{run_id}', kind: 'v2.runs.delete', handle: (c) => emptyAnswer(() => runs.deleteRun(c.ctx, c.caller, c.params.run_id)) },
  { method: 'POST', path: '/runs/{run_id}:terminate', kind: 'v2.runs.terminate', handle: (c) => emptyAnswer(() => runs.terminateRun(c.ctx, c.caller, c.params.run_id)) },
  { method: 'POST', path: '/runs/{run_id}:retry', kind: 'v2.runs.retry', handle: (c) => emptyAnswer(() => runs.retryRun(c.ctx, c.caller, c.params.run_id)) },
  { method: 'POST', path: '/runs/{run_id}:archive', kind: 'v2.runs.archive', handle: (c) => emptyAnswer(() => runs.archiveRun(c.ctx, c.caller, c.params.run_id, true)) },
  { method: 'POST', path: '/runs/{run_id}:unarchive', kind: 'v2.runs.unarchive', handle: (c) => emptyAnswer(() => runs.archiveRun(c.ctx, c.caller, c.params.run_id, false)) },

  { method: 'POST', path: '/recurringruns', kind: 'v2.recurringRuns.create', body: 'json', handle: (c) => recurringRunsV2.createRecurringRunV2(c.ctx, c.caller, c.json) },
  { method: 'GET', path: '/recurringruns', kind: 'v2.recurringRuns.list', handle: (c) => recurringRunsV2.listRecurringRunsV2(c.ctx, c.caller, c.query) },
  { method: 'GET', path: '/recurringruns/{recurring_run_id}', kind: 'v2.recurringRuns.get', handle: (c) => recurringRunsV2.getRecurringRunV2(c.ctx, c.caller, c.params.recurring_run_id) },
  { method: 'DELETE', path: '/recurringruns/{recurring_run_id}', kind: 'v2.recurringRuns.delete', handle: (c) => emptyAnswer(() => jobs.deleteJob(c.ctx, c.caller, c.params.recurring_run_id)) },
  { method: 'POST', path: '/recurringruns/{recurring_run_id}:enable', kind: 'v2.recurringRuns.enable', handle: (c) => emptyAnswer(() => jobs.setJobEnabled(c.ctx, c.caller, c.params.recurring_run_id, true)) },
  { method: 'POST', path: '/recurringruns/{recurring_run_id}:disable', kind: 'v2.recurringRuns.disable', handle: (c) => emptyAnswer(() => jobs.setJobEnabled(c.ctx, c.caller, c.params.recurring_run_id, false)) },

  { method: 'ANY', path: '/pipelines/upload', kind: 'v2.pipelines.upload', body: 'upload', handle: (c) => pipelinesV2.uploadPipelineV2(c.ctx, c.caller, c.query, c.upload!) },
  { method: 'ANY', path: '/pipelines/upload_version', kind: 'v2.pipelines.uploadVersion', body: 'upload', handle: (c) => pipelinesV2.uploadPipelineVersionV2(c.ctx, c.caller, c.query, c.upload!) },
  { method: 'POST', path: '/pipelines', kind: 'v2.pipelines.create', body: 'json', handle: (c) => pipelinesV2.createPipelineV2(c.ctx, c.caller, c.json) },
  { method: 'POST', path: '/pipelines/create', kind: 'v2.pipelines.createWithVersion', body: 'json', handle: (c) => pipelinesV2.createPipelineAndVersionV2(c.ctx, c.json) },
  { method: 'GET', path: '/pipelines', kind: 'v2.pipelines.list', handle: (c) => pipelinesV2.listPipelinesV2(c.ctx, c.caller, c.query) },
  { method: 'GET', path: '/pipelines/names/{name}', kind: 'v2.pipelines.getByName', handle: (c) => pipelinesV2.getPipelineByNameV2(c.ctx, c.caller, c.params.name, c.query) },
  { method: 'GET', path: '/pipelines/{pipeline_id}', kind: 'v2.pipelines.get', handle: (c) => pipelinesV2.getPipelineV2(c.ctx, c.caller, c.params.pipeline_id) },
  { method: 'DELETE', path: '/pipelines/{pipeline_id}', kind: 'v2.pipelines.delete', handle: (c) => emptyAnswer(() => pipelines.deletePipeline(c.ctx, c.caller, c.params.pipeline_id, c.ctx.flavor === '2.14' && c.query.get('cascade') === 'true')) },
  { method: 'POST', path: '/pipelines/{pipeline_id}/versions', kind: 'v2.pipelineVersions.create', body: 'json', handle: (c) => pipelinesV2.createPipelineVersionV2(c.ctx, c.params.pipeline_id, c.json) },
  { method: 'GET', path: '/pipelines/{pipeline_id}/versions', kind: 'v2.pipelineVersions.list', handle: (c) => pipelinesV2.listPipelineVersionsV2(c.ctx, c.caller, c.params.pipeline_id, c.query) },
  { method: 'GET', path: '/pipelines/{pipeline_id}/versions/{pipeline_version_id}', kind: 'v2.pipelineVersions.get', handle: (c) => pipelinesV2.getPipelineVersionV2(c.ctx, c.caller, c.params.pipeline_version_id) },
  { method: 'DELETE', path: '/pipelines/{pipeline_id}/versions/{pipeline_version_id}', kind: 'v2.pipelineVersions.delete', handle: (c) => emptyAnswer(() => pipelines.deletePipelineVersion(c.ctx, c.caller, c.params.pipeline_version_id)) },
];
