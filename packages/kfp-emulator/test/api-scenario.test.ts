import { startEmulator, type RunningEmulator } from 'kfp-emulator';
import { CheckedApi } from './support/checked-api';
import { experimentRef, filterParam, q, WORKFLOW_JSON, WORKFLOW_YAML } from './support/fixtures';

const API = '/apis/v1beta1';
const EPOCH = '1970-01-01T00:00:00Z';

describe.each(['2.1', '2.14'] as const)('API scenario, flavor %s (responses validated against swagger)', (flavor) => {
  let emulator: RunningEmulator;
  let api: CheckedApi;

  beforeAll(async () => {
    emulator = await startEmulator({ flavor, clock: 'manual' });
    api = new CheckedApi(emulator.url, flavor);
  });
  afterAll(() => emulator.close());

  const errorMessage = (body: { details: { message: string }[] }) => body.details[0].message;

  it('answers healthz', async () => {
    const res = await api.get(`${API}/healthz`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ commit_sha: 'kfp-emulator', tag_name: expect.any(String), multi_user: false });
  });

  let experimentId = '';
  it('creates, gets, lists, pages and filters experiments', async () => {
    // A second apart each, so created_at orders them (within one second the UUIDs would).
    emulator.advance(1000);
    const created = await api.post(`${API}/experiments`, { name: 'exp-a', description: 'first' });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      name: 'exp-a',
      description: 'first',
      storage_state: 'STORAGESTATE_AVAILABLE',
      resource_references: [{ key: { type: 'NAMESPACE' }, relationship: 'OWNER' }],
    });
    expect(created.body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    experimentId = created.body.id;
    emulator.advance(1000);
    await api.post(`${API}/experiments`, { name: 'exp-b' });
    emulator.advance(1000);
    await api.post(`${API}/experiments`, { name: 'exp-c' });
    expect((await api.get(`${API}/experiments/${experimentId}`)).body.name).toBe('exp-a');

    const first = await api.get(`${API}/experiments${q({ page_size: 2 })}`);
    expect(first.body.experiments.map((e: { name: string }) => e.name)).toEqual(['Default', 'exp-a']);
    expect(first.body.total_size).toBe(4);
    const second = await api.get(`${API}/experiments${q({ page_size: 2, page_token: first.body.next_page_token })}`);
    expect(second.body.experiments.map((e: { name: string }) => e.name)).toEqual(['exp-b', 'exp-c']);
    expect(second.body.next_page_token).toBeUndefined();

    const byName = await api.get(`${API}/experiments?filter=${filterParam({ predicates: [{ op: 1, key: 'name', stringValue: 'exp-b' }] })}`);
    expect(byName.body.experiments.map((e: { name: string }) => e.name)).toEqual(['exp-b']);
    const none = await api.get(`${API}/experiments?filter=${filterParam({ predicates: [{ op: 'EQUALS', key: 'name', string_value: 'zzz' }] })}`);
    expect(none.body).toEqual({});
    const desc = await api.get(`${API}/experiments${q({ sort_by: 'name desc', page_size: 1 })}`);
    expect(desc.body.experiments[0].name).toBe('exp-c');
  });

  it('rejects duplicate and empty experiment names and unknown ids', async () => {
    const duplicate = await api.post(`${API}/experiments`, { name: 'exp-a' });
    expect(duplicate.status).toBe(409);
    expect(errorMessage(duplicate.body)).toBe('Failed to create a new experiment. The name exp-a already exists. Please specify a new name');
    expect(duplicate.body.error === undefined).toBe(flavor === '2.14');
    expect((await api.post(`${API}/experiments`, { description: 'no name' })).status).toBe(500);
    const missing = await api.get(`${API}/experiments/nope`);
    expect(missing.status).toBe(404);
    expect(errorMessage(missing.body)).toBe('Experiment nope not found');
  });

  it('archives and unarchives experiments; the Default experiment cannot be deleted', async () => {
    expect((await api.post(`${API}/experiments/${experimentId}:archive`)).body).toEqual({});
    expect((await api.get(`${API}/experiments/${experimentId}`)).body.storage_state).toBe('STORAGESTATE_ARCHIVED');
    const archived = await api.get(`${API}/experiments?filter=${filterParam({ predicates: [{ op: 1, key: 'storage_state', string_value: 'STORAGESTATE_ARCHIVED' }] })}`);
    expect(archived.body.experiments.map((e: { id: string }) => e.id)).toEqual([experimentId]);
    await api.post(`${API}/experiments/${experimentId}:unarchive`);
    expect((await api.get(`${API}/experiments/${experimentId}`)).body.storage_state).toBe('STORAGESTATE_AVAILABLE');

    const list = await api.get(`${API}/experiments${q({ filter: JSON.stringify({ predicates: [{ op: 1, key: 'name', string_value: 'Default' }] }) })}`);
    const defaultId = list.body.experiments[0].id;
    expect((await api.delete(`${API}/experiments/${defaultId}`)).status).toBe(409);
    const other = (await api.get(`${API}/experiments${q({ sort_by: 'name desc', page_size: 1 })}`)).body.experiments[0].id;
    expect((await api.delete(`${API}/experiments/${other}`)).body).toEqual({});
    expect((await api.get(`${API}/experiments/${other}`)).status).toBe(404);
  });

  let runId = '';
  it('creates a run from an inline workflow and moves it through its lifecycle', async () => {
    const created = await api.post(`${API}/runs`, {
      name: 'run-1',
      pipeline_spec: { workflow_manifest: WORKFLOW_JSON, parameters: [{ name: 'custom_message', value: 'Hello world!' }] },
      resource_references: [experimentRef(experimentId)],
    });
    expect(created.status).toBe(200);
    const run = created.body.run;
    runId = run.id;
    expect(run).toMatchObject({ name: 'run-1', status: 'Pending', finished_at: EPOCH, service_account: 'pipeline-runner' });
    expect(run.storage_state).toBeUndefined();
    expect(run.pipeline_spec.parameters).toEqual([{ name: 'custom_message', value: 'Hello world!' }]);
    expect(run.resource_references).toEqual([experimentRef(experimentId)]);
    expect(JSON.parse(created.body.pipeline_runtime.workflow_manifest).spec.arguments.parameters).toEqual([
      { name: 'custom_message', value: 'Hello world!' },
    ]);

    emulator.advance(500);
    expect((await api.get(`${API}/runs/${runId}`)).body.run.status).toBe('Running');
    emulator.advance(1500);
    const done = (await api.get(`${API}/runs/${runId}`)).body.run;
    expect(done.status).toBe('Succeeded');
    expect(done.finished_at).not.toBe(EPOCH);
    expect((await api.post(`${API}/runs/${runId}/terminate`)).status).toBe(400);
  });

  it('terminates, fails by rule, retries, archives and deletes runs', async () => {
    const spec = { workflow_manifest: WORKFLOW_JSON };
    const running = (await api.post(`${API}/runs`, { name: 'to-terminate', pipeline_spec: spec })).body.run.id;
    expect((await api.post(`${API}/runs/${running}/terminate`)).body).toEqual({});
    expect((await api.get(`${API}/runs/${running}`)).body.run.status).toBe('Terminating');
    emulator.advance(500);
    expect((await api.get(`${API}/runs/${running}`)).body.run.status).toBe('Failed');

    emulator.setRunOutcome({ runNamePattern: '^doomed', outcome: 'Failed' });
    const doomed = (await api.post(`${API}/runs`, { name: 'doomed-1', pipeline_spec: spec })).body.run.id;
    emulator.advance(2000);
    expect((await api.get(`${API}/runs/${doomed}`)).body.run.status).toBe('Failed');
    expect((await api.post(`${API}/runs/${doomed}/retry`)).body).toEqual({});
    expect((await api.get(`${API}/runs/${doomed}`)).body.run.status).toBe('Running');

    await api.post(`${API}/runs/${runId}:archive`);
    expect((await api.get(`${API}/runs/${runId}`)).body.run.storage_state).toBe('STORAGESTATE_ARCHIVED');
    await api.post(`${API}/runs/${runId}:unarchive`);
    expect((await api.get(`${API}/runs/${runId}`)).body.run.storage_state).toBeUndefined();
    expect((await api.delete(`${API}/runs/${running}`)).body).toEqual({});
    expect((await api.get(`${API}/runs/${running}`)).status).toBe(404);
  });

  it('lists runs by experiment, with filters on status', async () => {
    const byExperiment = await api.get(`${API}/runs${q({ 'resource_reference_key.type': 'EXPERIMENT', 'resource_reference_key.id': experimentId })}`);
    expect(byExperiment.body.runs.map((r: { name: string }) => r.name)).toEqual(['run-1']);
    const failed = await api.get(`${API}/runs?filter=${filterParam({ predicates: [{ op: 'EQUALS', key: 'status', string_value: 'Running' }] })}`);
    expect(failed.body.runs.map((r: { name: string }) => r.name)).toEqual(['doomed-1']);
  });

  it.each([
    ['an unknown parameter', { name: 'r', pipeline_spec: { workflow_manifest: WORKFLOW_JSON, parameters: [{ name: 'nope', value: '1' }] } }, 400, 'Unrecognized input parameter: nope'],
    ['an unknown experiment', { name: 'r', pipeline_spec: { workflow_manifest: WORKFLOW_JSON }, resource_references: [experimentRef('missing')] }, 404, 'Experiment missing not found'],
    ['a manifest that is not a workflow', { name: 'r', pipeline_spec: { workflow_manifest: '{"kind":"Pod"}' } }, 400, undefined],
    ['no pipeline at all', { name: 'r' }, 500, 'Internal Server Error'],
    ['no name', { pipeline_spec: { workflow_manifest: WORKFLOW_JSON } }, 500, undefined],
    ['an unknown pipeline version', { name: 'r', resource_references: [{ key: { type: 'PIPELINE_VERSION', id: 'v?' }, relationship: 'CREATOR' }] }, 500, undefined],
  ])('rejects a run with %s', async (_what, body, status, message) => {
    const res = await api.post(`${API}/runs`, body);
    expect(res.status).toBe(status);
    if (message) expect(errorMessage(res.body)).toBe(message);
  });

  const cronJob = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    max_concurrency: '1',
    trigger: { cron_schedule: { cron: '0 0 9 ? * 2-6' } },
    pipeline_spec: { workflow_manifest: WORKFLOW_JSON, parameters: [{ name: 'custom_message', value: '' }] },
    resource_references: [experimentRef(experimentId)],
    ...extra,
  });

  it('creates jobs with the wire conventions of the real server', async () => {
    emulator.advance(1000);
    const enabled = await api.post(`${API}/jobs`, cronJob('job-1', { enabled: true, start_time: undefined }));
    expect(enabled.status).toBe(200);
    expect(enabled.body).toMatchObject({ name: 'job-1', enabled: true, status: 'STATUS_UNSPECIFIED', max_concurrency: '1', service_account: 'pipeline-runner' });
    expect(enabled.body.pipeline_spec.workflow_manifest).toBe(WORKFLOW_JSON);
    // An empty parameter value is a zero value: only the name is left.
    expect(enabled.body.pipeline_spec.parameters).toEqual([{ name: 'custom_message' }]);
    expect(enabled.body.mode).toBeUndefined();

    const { max_concurrency: _snakeName, ...withoutSnakeName } = cronJob('job-2');
    emulator.advance(1000);
    const periodic = await api.post(`${API}/jobs`, {
      ...withoutSnakeName,
      trigger: { periodicSchedule: { intervalSecond: 3600, startTime: '2024-05-01T12:00:00.750Z' } },
      maxConcurrency: 10,
      noCatchup: true,
    });
    expect(periodic.body.enabled).toBeUndefined();
    expect(periodic.body.status).toBe('STATUS_UNSPECIFIED');
    expect(periodic.body.trigger).toEqual({ periodic_schedule: { interval_second: '3600', start_time: '2024-05-01T12:00:00Z' } });
    expect(periodic.body.no_catchup).toBe(true);

    emulator.advance(1000);
    const byMode = await api.post(`${API}/jobs`, cronJob('job-3', { mode: 'ENABLED' }));
    expect(byMode.body.enabled).toBe(true);
  });

  it.each([
    // 2.14 fixed the server's "at leas" typo.
    ['max_concurrency 0', { max_concurrency: 0 }, new RegExp(`^Max concurrency of a recurring run must be at ${flavor === '2.1' ? 'leas' : 'least'} 1 and at most 10. Received 0$`)],
    ['max_concurrency 11', { max_concurrency: '11' }, /and at most 10. Received 11$/],
    ['a bad cron', { trigger: { cron_schedule: { cron: '0 0 25 * * *' } } }, /^Schedule cron is not a supported format/],
    ['interval 0', { trigger: { periodic_schedule: { interval_second: 0 } } }, /^Found invalid period schedule interval 0. Set at interval to least 1 second$/],
    ['two triggers', { trigger: { cron_schedule: { cron: '@daily' }, periodic_schedule: { interval_second: 5 } } }, /only one of/],
  ])('rejects a job with %s', async (_what, extra, message) => {
    const res = await api.post(`${API}/jobs`, cronJob('bad', extra));
    expect(res.status).toBe(400);
    expect(errorMessage(res.body)).toMatch(message);
  });

  it('lists jobs newest first by namespace, pages, enables, disables and deletes', async () => {
    const page = (token = '') =>
      api.get(`${API}/jobs${q({ page_token: token, page_size: 2, sort_by: 'created_at desc', 'resource_reference_key.type': 'NAMESPACE', 'resource_reference_key.id': '' })}`);
    const first = await page();
    expect(first.body.jobs.map((j: { name: string }) => j.name)).toEqual(['job-3', 'job-2']);
    expect(first.body.total_size).toBe(3);
    const second = await page(first.body.next_page_token);
    expect(second.body.jobs.map((j: { name: string }) => j.name)).toEqual(['job-1']);
    const mismatch = await api.get(`${API}/jobs${q({ page_token: first.body.next_page_token, sort_by: 'name' })}`);
    expect(mismatch.status).toBe(400);

    const job = first.body.jobs[1];
    emulator.advance(1000);
    expect((await api.post(`${API}/jobs/${job.id}/enable`)).body).toEqual({});
    const enabled = (await api.get(`${API}/jobs/${job.id}`)).body;
    expect(enabled.enabled).toBe(true);
    expect(Date.parse(enabled.updated_at)).toBeGreaterThan(Date.parse(enabled.created_at));
    await api.post(`${API}/jobs/${job.id}/disable`);
    expect((await api.get(`${API}/jobs/${job.id}`)).body.enabled).toBeUndefined();
    expect((await api.delete(`${API}/jobs/${job.id}`)).body).toEqual({});
    const gone = await api.get(`${API}/jobs/${job.id}`);
    expect(gone.status).toBe(404);
    expect(errorMessage(gone.body)).toBe(`Job ${job.id} not found`);
  });

  it('uploads pipelines and versions and runs a stored version', async () => {
    const uploaded = await api.upload(`${API}/pipelines/upload?name=${encodeURIComponent('my pipeline')}&description=d`, 'pipeline.yaml', WORKFLOW_YAML);
    expect(uploaded.status).toBe(200);
    expect(uploaded.body).toMatchObject({ name: 'my pipeline', description: 'd', parameters: [{ name: 'custom_message' }] });
    const pipelineId = uploaded.body.id;
    expect(uploaded.body.default_version.resource_references).toEqual([{ key: { type: 'PIPELINE', id: pipelineId }, relationship: 'OWNER' }]);

    const duplicate = await api.upload(`${API}/pipelines/upload?name=${encodeURIComponent('my pipeline')}`, 'pipeline.yaml', WORKFLOW_YAML);
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error_message).toMatch(/already exists/);
    // The upload handler answers 500 for anything but "already exists" once it reads the file.
    const notWorkflow = await api.upload(`${API}/pipelines/upload`, 'pod.yaml', 'apiVersion: v1\nkind: Pod\n');
    expect(notWorkflow.status).toBe(500);
    const byFileName = await api.upload(`${API}/pipelines/upload`, 'from-file.yaml', WORKFLOW_YAML);
    expect(byFileName.body.name).toBe('from-file.yaml');

    emulator.advance(1000);
    const version = await api.upload(`${API}/pipelines/upload_version?name=v2&pipelineid=${pipelineId}`, 'v2.yaml', WORKFLOW_YAML);
    expect(version.status).toBe(200);
    expect((await api.upload(`${API}/pipelines/upload_version?name=v3`, 'v3.yaml', WORKFLOW_YAML)).status).toBe(400);
    const versions = await api.get(`${API}/pipeline_versions${q({ 'resource_key.type': 'PIPELINE', 'resource_key.id': pipelineId })}`);
    expect(versions.body.versions.map((v: { name: string }) => v.name)).toEqual(['my pipeline', 'v2']);
    expect((await api.get(`${API}/pipelines/${pipelineId}`)).body.default_version.id).toBe(version.body.id);
    expect((await api.get(`${API}/pipelines/${pipelineId}/templates`)).body.template).toBe(WORKFLOW_YAML);
    expect((await api.get(`${API}/pipeline_versions/${version.body.id}/templates`)).body.template).toBe(WORKFLOW_YAML);
    expect((await api.get(`${API}/namespaces/-/pipelines/${encodeURIComponent('my pipeline')}`)).body.id).toBe(pipelineId);
    const listed = await api.get(`${API}/pipelines?filter=${filterParam({ predicates: [{ op: 1, key: 'name', stringValue: 'my pipeline' }] })}`);
    expect(listed.body.pipelines.map((p: { id: string }) => p.id)).toEqual([pipelineId]);

    const run = await api.post(`${API}/runs`, {
      name: 'from-version',
      pipeline_spec: { parameters: [{ name: 'custom_message', value: 'v' }] },
      resource_references: [experimentRef(experimentId), { key: { type: 'PIPELINE_VERSION', id: version.body.id }, relationship: 'CREATOR' }],
    });
    expect(run.status).toBe(200);
    expect(run.body.run.resource_references).toContainEqual({ key: { type: 'PIPELINE_VERSION', id: version.body.id }, relationship: 'CREATOR' });
    expect(run.body.run.pipeline_spec).toMatchObject({ pipeline_id: pipelineId, pipeline_name: 'v2' });

    expect((await api.delete(`${API}/pipelines/${pipelineId}`)).status).toBe(400);
    for (const v of versions.body.versions) expect((await api.delete(`${API}/pipeline_versions/${v.id}`)).body).toEqual({});
    expect((await api.delete(`${API}/pipelines/${pipelineId}`)).body).toEqual({});
    expect((await api.get(`${API}/pipelines/${pipelineId}`)).status).toBe(404);
  });

  it('validates list parameters', async () => {
    expect((await api.get(`${API}/runs${q({ page_size: -1 })}`)).status).toBe(400);
    expect((await api.get(`${API}/runs${q({ sort_by: 'color' })}`)).status).toBe(400);
    expect((await api.get(`${API}/jobs?filter=${filterParam({ predicates: [{ op: 1, key: 'color', string_value: 'x' }] })}`)).status).toBe(400);
    expect((await api.get(`${API}/experiments${q({ 'resource_reference_key.type': 'EXPERIMENT' })}`)).status).toBe(400);
    const big = await api.get(`${API}/experiments${q({ page_size: 100000 })}`);
    expect(big.status).toBe(200);
  });

  it('serves the API under /pipeline too, and 404s unknown paths as the gateway does', async () => {
    expect((await api.get(`/pipeline${API}/experiments/${experimentId}`)).body.id).toBe(experimentId);
    const unknown = await api.get(`${API}/colours`);
    expect(unknown.status).toBe(404);
    if (flavor === '2.1') expect(unknown.body).toBe('Not Found\n');
    else expect(unknown.body).toEqual({ code: 5, message: 'Not Found' });
  });

  it(`${flavor === '2.1' ? 'ignores' : 'rejects'} unknown JSON fields`, async () => {
    const res = await api.post(`${API}/experiments`, { name: 'with-extra', colour: 'red' });
    expect(res.status).toBe(flavor === '2.1' ? 200 : 400);
    if (flavor === '2.14') expect(errorMessage(res.body)).toBe('unknown field "colour" in Experiment');
  });

  it('produced only swagger-conformant response bodies', () => {
    expect(api.checked).toBeGreaterThan(60);
    expect(api.problems).toEqual([]);
  });
});
