import { startEmulator, type RunningEmulator } from 'kfp-emulator';
import { parse, parseAllDocuments } from 'yaml';
import { CheckedApi, type Json } from './support/checked-api';
import {
  KUBERNETES_PIPELINE_SPEC,
  KUBERNETES_PIPELINE_YAML,
  TYPED_PIPELINE_SPEC,
  TYPED_PIPELINE_YAML,
  WORKFLOW_JSON,
  experimentRef,
  q,
} from './support/fixtures';

const V2 = '/apis/v2beta1';
const V1 = '/apis/v1beta1';
const EPOCH = '1970-01-01T00:00:00Z';
const START = '2024-05-06T00:00:00Z';
/** The emulated time `ms` after the start, as the server prints it: whole seconds. */
const at = (ms: number) => new Date(Date.parse(START) + Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** A v2beta1 filter, JSON-encoded once by the caller and once by the query string, as the v2 SDK sends it. */
const v2Filter = (predicates: unknown[]) => `filter=${encodeURIComponent(JSON.stringify({ predicates }))}`;
const detail = (body: Json): string => body.details[0].message;
const VALID = { tag: 'nightly', epochs: 5, learning_rate: 0.5, shuffle: false, layers: [1, 2] };

describe.each(['2.1', '2.14'] as const)('the v2beta1 API, flavor %s (responses validated against the v2beta1 swagger)', (flavor) => {
  let emulator: RunningEmulator;
  let api: CheckedApi;
  let experimentId: string;
  const advance = (ms: number) => emulator.advance(ms);

  beforeAll(async () => {
    emulator = await startEmulator({ flavor, clock: { manual: true, startAt: START } });
    api = new CheckedApi(emulator.url, flavor);
  });
  afterAll(() => emulator.close());

  it('answers healthz as main.go writes it: multi_user always, pipeline_store on 2.14 v2beta1', async () => {
    const v2 = await api.get(`${V2}/healthz`);
    expect(v2.body).toEqual({
      commit_sha: 'kfp-emulator',
      tag_name: flavor === '2.1' ? '2.1.0' : '2.14.0',
      multi_user: false,
      ...(flavor === '2.14' ? { pipeline_store: 'database' } : {}),
    });
    expect((await api.get(`${V1}/healthz`)).body).toEqual({ commit_sha: 'kfp-emulator', tag_name: expect.any(String), multi_user: false });
  });

  it('creates, gets, lists, pages and filters experiments; single-user mode drops a namespace', async () => {
    advance(1000);
    const created = await api.post(`${V2}/experiments`, { display_name: 'exp-a', description: 'first', namespace: 'team-1' });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      experiment_id: expect.any(String),
      display_name: 'exp-a',
      description: 'first',
      created_at: at(1000),
      storage_state: 'AVAILABLE',
      ...(flavor === '2.14' ? { last_run_created_at: EPOCH } : {}),
    });
    experimentId = created.body.experiment_id;
    advance(1000);
    await api.post(`${V2}/experiments`, { display_name: 'exp-b' });

    const first = await api.get(`${V2}/experiments${q({ page_size: 2 })}`);
    expect(first.body.experiments.map((e: Json) => e.display_name)).toEqual(['Default', 'exp-a']);
    expect(first.body.total_size).toBe(3);
    const second = await api.get(`${V2}/experiments${q({ page_size: 2, page_token: first.body.next_page_token })}`);
    expect(second.body.experiments.map((e: Json) => e.display_name)).toEqual(['exp-b']);

    // The v2 SDK's filter: `operation`, not v1beta1's `op`.
    const byName = await api.get(`${V2}/experiments?${v2Filter([{ operation: 'EQUALS', key: 'display_name', stringValue: 'exp-b' }])}`);
    expect(byName.body.experiments.map((e: Json) => e.display_name)).toEqual(['exp-b']);
    const v1Style = await api.get(`${V2}/experiments?${v2Filter([{ op: 'EQUALS', key: 'display_name', stringValue: 'exp-b' }])}`);
    expect(v1Style.status).toBe(400);
    expect(detail(v1Style.body)).toMatch(/^failed to parse valid filter from .*unknown field "op" in Predicate$/);

    // The same row through v1beta1.
    expect((await api.get(`${V1}/experiments/${experimentId}`)).body).toMatchObject({ id: experimentId, name: 'exp-a' });
    const duplicate = await api.post(`${V2}/experiments`, { display_name: 'exp-a' });
    expect([duplicate.status, detail(duplicate.body)]).toEqual([409, 'Failed to create a new experiment. The name exp-a already exists. Please specify a new name']);
    expect(duplicate.body.message).toBe('Failed to create a experiment: Already exist error: Failed to create a new experiment. The name exp-a already exists. Please specify a new name');
  });

  let runId: string;
  it('creates a run from an inline pipeline spec with typed parameters and moves it PENDING -> RUNNING -> SUCCEEDED', async () => {
    advance(1000);
    const created = await api.post(`${V2}/runs`, {
      display_name: 'typed-run',
      experiment_id: experimentId,
      pipeline_spec: TYPED_PIPELINE_SPEC,
      runtime_config: { parameters: VALID },
    });
    expect(created.status).toBe(200);
    runId = created.body.run_id;
    expect(created.body).toMatchObject({
      experiment_id: experimentId,
      display_name: 'typed-run',
      storage_state: 'AVAILABLE',
      runtime_config: { parameters: VALID },
      service_account: 'pipeline-runner',
      created_at: at(3000),
      finished_at: EPOCH,
      state: 'PENDING',
      state_history: [{ update_time: at(3000), state: 'PENDING' }],
    });
    expect(created.body.pipeline_spec).toEqual(TYPED_PIPELINE_SPEC);

    advance(500);
    expect((await api.get(`${V2}/runs/${runId}`)).body.state).toBe('RUNNING');
    advance(1500);
    const done = (await api.get(`${V2}/runs/${runId}`)).body;
    expect(done).toMatchObject({ state: 'SUCCEEDED', finished_at: at(5000) });
    expect(done.state_history.map((h: Json) => [h.state, h.update_time])).toEqual([
      ['PENDING', at(3000)],
      ['RUNNING', at(3500)],
      ['SUCCEEDED', at(5000)],
    ]);

    // The same row through v1beta1: the spec as the server stores it (YAML), the typed values, the v1 status.
    const v1 = (await api.get(`${V1}/runs/${runId}`)).body.run;
    expect(v1.status).toBe('Succeeded');
    expect(parse(v1.pipeline_spec.pipeline_manifest)).toEqual(TYPED_PIPELINE_SPEC);
    expect(v1.pipeline_spec.runtime_config.parameters).toEqual(VALID);
    expect(v1.resource_references).toEqual([experimentRef(experimentId)]);
    if (flavor === '2.14') expect((await api.get(`${V2}/experiments/${experimentId}`)).body.last_run_created_at).toBe(at(3000));
  });

  it.each([
    ['a string for an int', { epochs: '5' }, 'input parameter epochs requires type double or integer, but the parameter value is not of number value type'],
    ['a string for a float', { learning_rate: '0.5' }, 'input parameter learning_rate requires type double or integer, but the parameter value is not of number value type'],
    ['a string for a bool', { shuffle: 'false' }, 'input parameter shuffle requires type bool, but the input parameter is not of bool value type'],
    ['a string for a list', { layers: '[1, 2]' }, 'input parameter layers requires type list, but the input parameter is not of list value type'],
    ['a number for a string', { tag: 7 }, 'input parameter tag requires type string, but the input parameter is not of string value type'],
    ['no value for a required parameter', { tag: undefined }, 'parameter tag is not optional, yet has neither default value nor user provided value'],
    ['an undeclared parameter', { colour: 'red' }, 'parameter(s) provided are not required by pipeline: colour'],
  ])('refuses a run with %s as the server does at the call (validatePipelineJobInputs)', async (_what, change, message) => {
    const parameters = JSON.parse(JSON.stringify({ ...VALID, ...change }));
    const res = await api.post(`${V2}/runs`, { display_name: 'bad', experiment_id: experimentId, pipeline_spec: TYPED_PIPELINE_SPEC, runtime_config: { parameters } });
    expect(res.status).toBe(400);
    expect(detail(res.body)).toBe(message);
    expect(res.body.message).toBe(`Failed to create a new run: Failed to generate the ExecutionSpec: invalid pipeline job inputs: Invalid input error: ${message}`);
  });

  it('refuses what the template package refuses, as an internal error of the manifest fetch', async () => {
    const post = (spec: Json) => api.post(`${V2}/runs`, { display_name: 'bad', experiment_id: experimentId, pipeline_spec: spec, runtime_config: { parameters: VALID } });
    const oldSchema = await post({ ...TYPED_PIPELINE_SPEC, schemaVersion: '2.0.0' });
    expect([oldSchema.status, detail(oldSchema.body)]).toEqual([500, 'Internal Server Error']);
    expect(oldSchema.body.message).toContain(
      'Failed to create a run due to error fetching manifest: Failed to fetch a template with an invalid pipeline spec manifest: ' +
        'InvalidInputError: KFP only supports schema version 2.1.0, but the pipeline spec has version 2.0.0: pipeline spec is invalid',
    );
    // A field the vendored proto does not know makes the document no pipeline spec at all.
    const newerField = await post({ ...TYPED_PIPELINE_SPEC, pipelineConfig: {} });
    expect(newerField.body.message).toContain('InvalidInputError: unknown template format: pipeline spec is invalid');
    const noName = await api.post(`${V2}/runs`, { experiment_id: experimentId, pipeline_spec: TYPED_PIPELINE_SPEC });
    expect(noName.status).toBe(500);
    expect(noName.body.message).toMatch(/^CreateJob\(job.ToV2\(\)\)Failed to create a run due to conversion error: InternalServerError: .*Run name cannot be empty$/);
    const noSource = await api.post(`${V2}/runs`, { display_name: 'nothing', experiment_id: experimentId });
    expect(noSource.body.message).toContain('Failed to fetch a template with an empty pipeline spec manifest');
  });

  it('terminates a run (CANCELING, then FAILED), retries, archives and deletes it', async () => {
    const id = (await api.post(`${V2}/runs`, { display_name: 'to-stop', experiment_id: experimentId, pipeline_spec: TYPED_PIPELINE_SPEC, runtime_config: { parameters: VALID } })).body.run_id;
    expect((await api.post(`${V2}/runs/${id}:terminate`)).body).toEqual({});
    expect((await api.get(`${V2}/runs/${id}`)).body.state).toBe('CANCELING');
    expect((await api.get(`${V1}/runs/${id}`)).body.run.status).toBe('Terminating');
    advance(500);
    expect((await api.get(`${V2}/runs/${id}`)).body.state).toBe('FAILED');
    expect((await api.post(`${V2}/runs/${id}:retry`)).body).toEqual({});
    expect((await api.get(`${V2}/runs/${id}`)).body.state).toBe('RUNNING');
    await api.post(`${V2}/runs/${id}:archive`);
    expect((await api.get(`${V2}/runs/${id}`)).body.storage_state).toBe('ARCHIVED');
    const archived = await api.get(`${V2}/runs?${v2Filter([{ operation: 'EQUALS', key: 'storage_state', stringValue: 'ARCHIVED' }])}`);
    expect(archived.body.runs.map((r: Json) => r.run_id)).toEqual([id]);
    expect((await api.delete(`${V2}/runs/${id}`)).body).toEqual({});
    const gone = await api.get(`${V2}/runs/${id}`);
    expect([gone.status, detail(gone.body)]).toEqual([404, `Run ${id} not found`]);
  });

  it('lists runs by experiment and filters on state', async () => {
    const byExperiment = await api.get(`${V2}/runs${q({ experiment_id: experimentId })}`);
    expect(byExperiment.body.runs.map((r: Json) => r.display_name)).toEqual(['typed-run']);
    const succeeded = await api.get(`${V2}/runs?${v2Filter([{ operation: 'EQUALS', key: 'state', stringValue: 'SUCCEEDED' }])}`);
    expect(succeeded.body.runs.map((r: Json) => r.run_id)).toEqual([runId]);
    expect((await api.get(`${V2}/runs${q({ experiment_id: 'missing' })}`)).status).toBe(404);
  });

  const recurring = (name: string, extra: Json = {}) => ({
    display_name: name,
    experiment_id: experimentId,
    pipeline_spec: KUBERNETES_PIPELINE_SPEC,
    runtime_config: { parameters: { epochs: 2 } },
    trigger: { periodic_schedule: { interval_second: '3600' } },
    max_concurrency: '1',
    mode: 'ENABLE',
    ...extra,
  });

  let enabledId: string;
  it('creates recurring runs with a platform spec; status and mode follow enabled, namespace is the server\'s in single-user mode', async () => {
    advance(1000);
    const enabled = await api.post(`${V2}/recurringruns`, recurring('GIT::nightly__2024'));
    expect(enabled.status).toBe(200);
    enabledId = enabled.body.recurring_run_id;
    expect(enabled.body).toMatchObject({
      display_name: 'GIT::nightly__2024',
      runtime_config: { parameters: { epochs: 2 } },
      service_account: 'pipeline-runner',
      max_concurrency: '1',
      trigger: { periodic_schedule: { interval_second: '3600' } },
      mode: 'ENABLE',
      status: 'ENABLED',
      namespace: 'kubeflow',
      experiment_id: experimentId,
    });
    expect(enabled.body.pipeline_spec).toEqual(KUBERNETES_PIPELINE_SPEC);
    expect(enabled.body.no_catchup).toBeUndefined();

    const disabled = await api.post(`${V2}/recurringruns`, recurring('paused', { mode: 'DISABLE', trigger: { cron_schedule: { cron: '0 0 9 * * *' } }, no_catchup: true }));
    expect(disabled.body).toMatchObject({ mode: 'DISABLE', status: 'DISABLED', no_catchup: true, trigger: { cron_schedule: { cron: '0 0 9 * * *' } } });
    const once = await api.post(`${V2}/recurringruns`, recurring('once', { trigger: undefined, mode: undefined }));
    expect(once.body).toMatchObject({ trigger: {}, mode: 'DISABLE', status: 'DISABLED' });

    // v1beta1 reports the persistence agent's status instead, once it has reported.
    expect((await api.get(`${V1}/jobs/${enabledId}`)).body.status).toBe('STATUS_UNSPECIFIED');
    advance(1000);
    expect((await api.get(`${V1}/jobs/${enabledId}`)).body.status).toBe('ENABLED');
  });

  it.each([
    ['a string for an int', { runtime_config: { parameters: { epochs: '2' } } }, 400, 'Failed to create a recurring run during scheduled workflow creation: invalid pipeline job inputs'],
    ['max_concurrency 0', { max_concurrency: '0' }, 400, 'Failed to create a recurring run due to conversion error'],
    ['a bad cron', { trigger: { cron_schedule: { cron: 'every day' } } }, 400, 'Failed to create a recurring run due to conversion error'],
    ['no name', { display_name: '' }, 500, 'Failed to create a recurring run due to conversion error'],
    ['an unknown experiment', { experiment_id: 'missing' }, 404, 'Failed to create a recurring run due to invalid experimentId and namespace combination'],
  ])('refuses a recurring run with %s', async (_what, change, status, wrap) => {
    const res = await api.post(`${V2}/recurringruns`, recurring('bad', change));
    expect(res.status).toBe(status);
    expect(res.body.message).toMatch(new RegExp(`^Failed to create a recurring run: ${wrap.replace(/[()]/g, '\\$&')}: `));
  });

  it('refuses, in single-user mode, a namespace that is not its experiment\'s (none), for recurring runs and v1beta1 runs alike', async () => {
    const res = await api.post(`${V2}/recurringruns`, recurring('namespaced', { namespace: 'team-1' }));
    const message = `Experiment ${experimentId} belongs to namespace '' instead of 'team-1'`;
    expect([res.status, detail(res.body)]).toEqual([400, message]);
    expect(res.body.message).toBe(
      `Failed to create a recurring run: Failed to create a recurring run due to invalid experimentId and namespace combination: Invalid input error: ${message}`,
    );
    const v1Run = await api.post(`${V1}/runs`, {
      name: 'namespaced',
      pipeline_spec: { workflow_manifest: WORKFLOW_JSON },
      resource_references: [experimentRef(experimentId), { key: { type: 'NAMESPACE', id: 'team-1' }, relationship: 'OWNER' }],
    });
    expect([v1Run.status, detail(v1Run.body)]).toEqual([400, message]);
    // Without an experiment the default one is taken, and the server keeps the namespace it was given.
    const noExperiment = await api.post(`${V2}/recurringruns`, recurring('no-experiment', { namespace: 'team-1', experiment_id: undefined, mode: 'DISABLE' }));
    expect(noExperiment.status).toBe(200);
    expect(noExperiment.body.namespace).toBe('team-1');
    await api.delete(`${V2}/recurringruns/${noExperiment.body.recurring_run_id}`);
  });

  it('fires an enabled recurring run on the run clock; its runs name it and keep the spec they ran', async () => {
    // Created a second before the agent's report: an hour later the first run has run for a second.
    advance(3600 * 1000);
    const scheduled = (await api.get(`${V2}/runs${q({ experiment_id: experimentId, sort_by: 'created_at desc', page_size: 1 })}`)).body.runs[0];
    expect(scheduled).toMatchObject({ recurring_run_id: enabledId, state: 'RUNNING', runtime_config: { parameters: { epochs: 2 } } });
    expect(scheduled.state_history.map((h: Json) => h.state)).toEqual(['PENDING', 'RUNNING']);
    expect(scheduled.display_name).toMatch(/^gitnightly2024[a-z0-9]{5}-1-\d+$/);
    expect(scheduled.pipeline_spec).toEqual(KUBERNETES_PIPELINE_SPEC);
    const v1 = (await api.get(`${V1}/runs/${scheduled.run_id}`)).body.run;
    expect(v1.resource_references).toContainEqual({ key: { type: 'JOB', id: enabledId }, relationship: 'CREATOR' });
  });

  it('v1beta1 jobs and v2beta1 recurring runs are one table: each API lists every row once and acts on any of them', async () => {
    advance(1000);
    const v1Job = await api.post(`${V1}/jobs`, {
      name: 'v1-job',
      max_concurrency: 1,
      trigger: { periodic_schedule: { interval_second: 86400 } },
      pipeline_spec: { workflow_manifest: WORKFLOW_JSON, parameters: [{ name: 'custom_message', value: 'hi' }] },
      resource_references: [experimentRef(experimentId)],
    });
    const v1Id = v1Job.body.id;
    const v2List = await api.get(`${V2}/recurringruns${q({ experiment_id: experimentId, page_size: 100 })}`);
    const v1List = await api.get(`${V1}/jobs${q({ 'resource_reference_key.type': 'EXPERIMENT', 'resource_reference_key.id': experimentId, page_size: 100 })}`);
    const v2Ids = v2List.body.recurringRuns.map((r: Json) => r.recurring_run_id);
    const v1Ids = v1List.body.jobs.map((j: Json) => j.id);
    expect(v2Ids).toEqual(v1Ids);
    expect(v2List.body.total_size).toBe(v1List.body.total_size);
    expect(new Set(v2Ids).size).toBe(v2Ids.length);
    expect(v2Ids).toEqual(expect.arrayContaining([v1Id, enabledId]));
    // A page token of one API pages the other: the same listing of the same table.
    const firstPage = await api.get(`${V1}/jobs${q({ 'resource_reference_key.type': 'EXPERIMENT', 'resource_reference_key.id': experimentId, page_size: 1 })}`);
    const rest = await api.get(`${V2}/recurringruns${q({ experiment_id: experimentId, page_size: 100, page_token: firstPage.body.next_page_token })}`);
    expect([firstPage.body.jobs[0].id, ...rest.body.recurringRuns.map((r: Json) => r.recurring_run_id)]).toEqual(v2Ids);

    // A v1 row in v2beta1: its parameters as strings, no pipeline source (the workflow is not shown).
    const v1Row = v2List.body.recurringRuns.find((r: Json) => r.recurring_run_id === v1Id);
    expect(v1Row).toMatchObject({ display_name: 'v1-job', runtime_config: { parameters: { custom_message: 'hi' } }, mode: 'DISABLE', status: 'DISABLED' });
    expect(v1Row.pipeline_spec).toBeUndefined();
    // A v2 row in v1beta1: the stored spec (YAML, platform spec after ---) and its typed values, no workflow.
    const v2Row = v1List.body.jobs.find((j: Json) => j.id === enabledId);
    expect(v2Row.pipeline_spec.workflow_manifest).toBeUndefined();
    expect(v2Row.pipeline_spec.runtime_config).toEqual({ parameters: { epochs: 2 } });
    expect(parseAllDocuments(v2Row.pipeline_spec.pipeline_manifest).map((d) => d.toJS())).toEqual([
      KUBERNETES_PIPELINE_SPEC.pipeline_spec,
      KUBERNETES_PIPELINE_SPEC.platform_spec,
    ]);
    expect(v2Row.resource_references).toEqual([
      { key: { type: 'NAMESPACE', id: 'kubeflow' }, relationship: 'OWNER' },
      experimentRef(experimentId),
    ]);

    // Either API enables, disables and deletes any row.
    expect((await api.post(`${V2}/recurringruns/${v1Id}:enable`)).body).toEqual({});
    expect((await api.get(`${V1}/jobs/${v1Id}`)).body.enabled).toBe(true);
    await api.post(`${V1}/jobs/${enabledId}/disable`);
    expect((await api.get(`${V2}/recurringruns/${enabledId}`)).body).toMatchObject({ mode: 'DISABLE', status: 'DISABLED' });
    expect((await api.delete(`${V2}/recurringruns/${v1Id}`)).body).toEqual({});
    expect((await api.get(`${V1}/jobs/${v1Id}`)).status).toBe(404);
    // A v1 run seen through v2beta1 shows its workflow as the pipeline spec.
    const v1Run = (await api.post(`${V1}/runs`, { name: 'v1-run', pipeline_spec: { workflow_manifest: WORKFLOW_JSON }, resource_references: [experimentRef(experimentId)] })).body.run;
    const seen = (await api.get(`${V2}/runs/${v1Run.id}`)).body;
    expect(seen.pipeline_spec).toEqual(JSON.parse(WORKFLOW_JSON));
    expect(seen.state).toBe('PENDING');
  });

  it('uploads v2 pipelines and versions through v2beta1, and runs and schedules a stored version', async () => {
    const uploaded = await api.upload(`${V2}/pipelines/upload?name=typed&description=d`, 'typed-pipeline.yaml', TYPED_PIPELINE_YAML);
    expect(uploaded.status).toBe(200);
    expect(uploaded.body).toEqual({
      pipeline_id: expect.any(String),
      display_name: 'typed',
      ...(flavor === '2.14' ? { name: 'typed' } : {}),
      description: 'd',
      created_at: expect.any(String),
    });
    const pipelineId = uploaded.body.pipeline_id;
    advance(1000);
    const version = await api.upload(`${V2}/pipelines/upload_version?name=with-k8s&pipelineid=${pipelineId}`, 'k.yaml', KUBERNETES_PIPELINE_YAML);
    expect(version.body).toMatchObject({ pipeline_id: pipelineId, display_name: 'with-k8s' });
    expect(version.body.pipeline_spec).toEqual(KUBERNETES_PIPELINE_SPEC);
    const versions = await api.get(`${V2}/pipelines/${pipelineId}/versions${q({ sort_by: 'created_at' })}`);
    expect(versions.body.pipeline_versions.map((v: Json) => v.display_name)).toEqual(['typed', 'with-k8s']);
    expect(versions.body.pipeline_versions[0].pipeline_spec).toEqual(TYPED_PIPELINE_SPEC);
    const versionId = versions.body.pipeline_versions[0].pipeline_version_id;
    expect((await api.get(`${V2}/pipelines/${pipelineId}/versions/${versionId}`)).body.pipeline_version_id).toBe(versionId);
    expect((await api.get(`${V2}/pipelines/names/typed`)).body.pipeline_id).toBe(pipelineId);
    // v1beta1 shows no parameters for a v2 spec (V2Spec.ParametersJSON is "[]").
    expect((await api.get(`${V1}/pipelines/${pipelineId}`)).body.parameters).toBeUndefined();

    const run = await api.post(`${V2}/runs`, {
      display_name: 'from-version',
      experiment_id: experimentId,
      pipeline_version_reference: { pipeline_id: pipelineId, pipeline_version_id: versionId },
      runtime_config: { parameters: { tag: 'stored' } },
    });
    expect(run.status).toBe(200);
    expect(run.body.pipeline_version_reference).toEqual({ pipeline_id: pipelineId, pipeline_version_id: versionId });
    expect(run.body.pipeline_spec).toBeUndefined();
    const wrongType = await api.post(`${V2}/runs`, {
      display_name: 'from-version',
      experiment_id: experimentId,
      pipeline_version_reference: { pipeline_id: pipelineId, pipeline_version_id: versionId },
      runtime_config: { parameters: { tag: 'stored', epochs: 'three' } },
    });
    expect(wrongType.status).toBe(400);

    // A recurring run given only the pipeline: 2.1 pins its latest version now, 2.14 leaves "the latest" to each run.
    const latest = await api.post(`${V2}/recurringruns`, recurring('latest', { pipeline_spec: undefined, pipeline_version_reference: { pipeline_id: pipelineId }, runtime_config: { parameters: { epochs: 4 } } }));
    expect(latest.status).toBe(200);
    const latestVersionId = versions.body.pipeline_versions[1].pipeline_version_id;
    expect(latest.body.pipeline_version_reference).toEqual(flavor === '2.1' ? { pipeline_id: pipelineId, pipeline_version_id: latestVersionId } : { pipeline_id: pipelineId });
    // Following the latest version, it has no workflow to take a default service account from.
    expect(latest.body.service_account).toBe(flavor === '2.1' ? 'pipeline-runner' : undefined);
    await api.post(`${V2}/recurringruns/${latest.body.recurring_run_id}:disable`);

    const bad = await api.upload(`${V2}/pipelines/upload?name=old-schema`, 'old.yaml', TYPED_PIPELINE_YAML.replace('schemaVersion: 2.1.0', 'schemaVersion: 2.0.0'));
    expect(bad.status).toBe(500);
    expect(bad.body.error_message).toContain('KFP only supports schema version 2.1.0, but the pipeline spec has version 2.0.0');
    const duplicate = await api.upload(`${V2}/pipelines/upload?name=typed`, 'typed.yaml', TYPED_PIPELINE_YAML);
    expect(duplicate.status).toBe(409);

    expect((await api.delete(`${V2}/pipelines/${pipelineId}`)).status).toBe(400);
    for (const v of versions.body.pipeline_versions) expect((await api.delete(`${V2}/pipelines/${pipelineId}/versions/${v.pipeline_version_id}`)).body).toEqual({});
    expect((await api.delete(`${V2}/pipelines/${pipelineId}`)).body).toEqual({});
    expect((await api.get(`${V2}/pipelines/${pipelineId}`)).status).toBe(404);
  });

  it('deletes a pipeline with its versions when asked to cascade (2.14)', async () => {
    const uploaded = await api.upload(`${V2}/pipelines/upload?name=cascade`, 'c.yaml', TYPED_PIPELINE_YAML);
    const res = await api.delete(`${V2}/pipelines/${uploaded.body.pipeline_id}?cascade=true`);
    expect(res.status).toBe(flavor === '2.14' ? 200 : 400);
    expect((await api.get(`${V2}/pipelines/${uploaded.body.pipeline_id}/versions`)).status).toBe(flavor === '2.14' ? 404 : 200);
  });

  it('creates pipelines without versions; versions come from a URL only, which the emulator never fetches', async () => {
    const created = await api.post(`${V2}/pipelines`, { display_name: 'empty', description: 'no versions yet' });
    expect(created.body).toMatchObject({ display_name: 'empty', description: 'no versions yet' });
    const listed = await api.get(`${V2}/pipelines?${v2Filter([{ operation: 'EQUALS', key: 'display_name', stringValue: 'empty' }])}`);
    expect(listed.body.pipelines.map((p: Json) => p.pipeline_id)).toEqual([created.body.pipeline_id]);
    // An inline pipeline_version.pipeline_spec is not read (2.1.0 to 2.17.0 read package_url only).
    const inline = await api.post(`${V2}/pipelines/create`, { pipeline: { display_name: 'inline' }, pipeline_version: { pipeline_spec: TYPED_PIPELINE_SPEC } });
    expect([inline.status, detail(inline.body)]).toEqual([400, 'invalid pipeline spec URL: ']);
    const url = await api.post(`${V2}/pipelines/create`, { pipeline: { display_name: 'url' }, pipeline_version: { package_url: { pipeline_url: 'https://example.com/p.yaml' } } });
    expect(url.status).toBe(501);
    const version = await api.post(`${V2}/pipelines/${created.body.pipeline_id}/versions`, { pipeline_spec: TYPED_PIPELINE_SPEC });
    expect([version.status, detail(version.body)]).toEqual([400, 'Failed to create a pipeline version. Package URL is nil']);
  });

  it('routes and pages as the gateway does; injected faults name v2 request kinds', async () => {
    expect((await api.get(`${V2}/runs${q({ page_size: -1 })}`)).status).toBe(400);
    expect(detail((await api.get(`${V2}/recurringruns${q({ sort_by: 'colour' })}`)).body)).toBe('Invalid sorting field: "colour" on listable type Job');
    const unknown = await fetch(`${emulator.url}${V2}/colours`);
    expect(unknown.status).toBe(404);
    expect((await fetch(`${emulator.url}/pipeline${V2}/healthz`)).status).toBe(200);

    emulator.injectFaults([{ kind: 'v2.recurringRuns.list', at: [1], status: 503 }]);
    expect((await api.get(`${V2}/recurringruns`)).status).toBe(503);
    expect((await api.get(`${V2}/recurringruns`)).status).toBe(200);
    emulator.clearFaults();
    expect(emulator.requests().filter((r) => r.kind === 'v2.recurringRuns.list').map((r) => r.status).slice(-2)).toEqual([503, 200]);
  });

  it('produced only swagger-conformant response bodies', () => {
    expect(api.checkedByApi.v2beta1).toBeGreaterThan(60);
    expect(api.problems).toEqual([]);
  });
});

describe.each(['2.1', '2.14'] as const)('the v2beta1 API in multi-user mode, flavor %s', (flavor) => {
  let emulator: RunningEmulator;
  let asAlice: CheckedApi;
  let experimentId: string;

  beforeAll(async () => {
    emulator = await startEmulator({
      flavor,
      clock: 'manual',
      multiUser: { users: [{ name: 'alice@example.com', tokens: ['alice-token'], namespaces: ['team-1'] }] },
    });
    asAlice = new CheckedApi(emulator.url, flavor, { authorization: 'Bearer alice-token' });
  });
  afterAll(() => emulator.close());

  it('reports multi_user in healthz without an identity, and asks for one elsewhere', async () => {
    const health = await fetch(`${emulator.url}${V2}/healthz`);
    expect(((await health.json()) as Json).multi_user).toBe(true);
    expect((await fetch(`${emulator.url}${V2}/experiments?namespace=team-1`)).status).toBe(401);
  });

  it('keeps experiments, recurring runs and runs in namespaces', async () => {
    const experiment = await asAlice.post(`${V2}/experiments`, { display_name: 'team', namespace: 'team-1' });
    expect(experiment.body.namespace).toBe('team-1');
    experimentId = experiment.body.experiment_id;
    const noNamespace = await asAlice.post(`${V2}/experiments`, { display_name: 'nowhere' });
    expect([noNamespace.status, detail(noNamespace.body)]).toEqual([400, 'An experiment cannot have an empty namespace in multi-user mode']);
    expect((await asAlice.get(`${V2}/experiments${q({ namespace: 'team-2' })}`)).status).toBe(403);

    const body = {
      display_name: 'nightly',
      experiment_id: experimentId,
      pipeline_spec: TYPED_PIPELINE_SPEC,
      runtime_config: { parameters: { tag: 't' } },
      trigger: { periodic_schedule: { interval_second: '3600' } },
      max_concurrency: '1',
      mode: 'ENABLE',
    };
    const created = await asAlice.post(`${V2}/recurringruns`, { ...body, namespace: 'team-1' });
    expect(created.body).toMatchObject({ namespace: 'team-1', service_account: 'default-editor' });
    const elsewhere = await asAlice.post(`${V2}/recurringruns`, { ...body, namespace: 'team-2' });
    expect([elsewhere.status, detail(elsewhere.body)]).toEqual([400, `Experiment ${experimentId} belongs to namespace 'team-1' instead of 'team-2'`]);
    const noExperiment = await asAlice.post(`${V2}/recurringruns`, { ...body, experiment_id: undefined });
    expect(detail(noExperiment.body)).toBe('Experiment id can not be empty in multi-user mode');

    const unscoped = await asAlice.get(`${V2}/recurringruns`);
    expect([unscoped.status, detail(unscoped.body)]).toEqual([400, 'a recurring run cannot have an empty namespace in multi-user mode']);
    const inNamespace = await asAlice.get(`${V2}/recurringruns${q({ namespace: 'team-1' })}`);
    expect(inNamespace.body.recurringRuns.map((r: Json) => r.display_name)).toEqual(['nightly']);
    expect((await asAlice.get(`${V2}/runs`)).status).toBe(400);
    const run = await asAlice.post(`${V2}/runs`, { display_name: 'r', experiment_id: experimentId, pipeline_spec: TYPED_PIPELINE_SPEC, runtime_config: { parameters: { tag: 't' } } });
    expect(run.body.service_account).toBe('default-editor');
    expect((await asAlice.get(`${V2}/runs${q({ namespace: 'team-1' })}`)).body.runs.map((r: Json) => r.run_id)).toEqual([run.body.run_id]);
  });

  it('produced only swagger-conformant response bodies', () => {
    expect(asAlice.problems).toEqual([]);
  });
});
