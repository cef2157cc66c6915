import { startEmulator, type EmulatorUser, type RunningEmulator } from 'kfp-emulator';
import { request } from 'node:http';
import { CheckedApi, readJson, type Json } from './support/checked-api';
import { experimentRef, filterParam, namespaceRef, q, WORKFLOW_JSON, WORKFLOW_YAML } from './support/fixtures';

/**
 * The differences issue 11 found between the emulator and the real KFP 2.1.0 API server, one test per
 * row, each asserting what the server's source (tag 2.1.0, and 2.14.0 for the newer flavor) does.
 */
const API = '/apis/v1beta1';
const ref = (type: string, id: string, relationship: 'OWNER' | 'CREATOR') => ({ key: { type, id }, relationship });
const K8S_SUFFIX = '[bcdfghjklmnpqrstvwxz2456789]{5}';

describe.each(['2.1', '2.14'] as const)('the emulator answers as the KFP server does (flavor %s)', (flavor) => {
  let emulator: RunningEmulator;
  let api: CheckedApi;
  let experimentId: string;
  let pipelineId: string;
  let versionId: string;

  beforeAll(async () => {
    emulator = await startEmulator({ flavor, clock: 'manual' });
    api = new CheckedApi(emulator.url, flavor);
    experimentId = (await api.post(`${API}/experiments`, { name: 'conformance' })).body.id;
    const uploaded = await api.upload(`${API}/pipelines/upload?name=stored`, 'stored.yaml', WORKFLOW_YAML);
    pipelineId = uploaded.body.id;
    versionId = uploaded.body.default_version.id;
  });
  afterAll(() => emulator.close());

  const versionJob = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    max_concurrency: 1,
    trigger: { periodic_schedule: { interval_second: 3600 } },
    pipeline_spec: { parameters: [{ name: 'custom_message', value: 'x' }] },
    resource_references: [experimentRef(experimentId), ref('PIPELINE_VERSION', versionId, 'CREATOR')],
    ...extra,
  });
  const detail = (body: Json) => body.details[0];

  it('row 1: a job or run made from a pipeline version reference holds the full workflow in pipeline_spec.workflow_manifest', async () => {
    const job = await api.post(`${API}/jobs`, versionJob('from-version'));
    const run = await api.post(`${API}/runs`, { name: 'from-version', resource_references: versionJob('').resource_references });
    for (const body of [job.body, (await api.get(`${API}/jobs/${job.body.id}`)).body, run.body.run, (await api.get(`${API}/runs/${run.body.run.id}`)).body.run]) {
      expect(JSON.parse(body.pipeline_spec.workflow_manifest)).toEqual(JSON.parse(WORKFLOW_JSON));
    }
    const listed = await api.get(`${API}/jobs${q({ filter: JSON.stringify({ predicates: [{ op: 'EQUALS', key: 'name', string_value: 'from-version' }] }) })}`);
    expect(JSON.parse(listed.body.jobs[0].pipeline_spec.workflow_manifest).kind).toBe('Workflow');
  });

  it('row 2: a job lists NAMESPACE (the server namespace in single-user mode), EXPERIMENT, PIPELINE, PIPELINE_VERSION, in that order', async () => {
    const created = await api.post(`${API}/jobs`, versionJob('row-2'));
    const expected = [
      ref('NAMESPACE', 'kubeflow', 'OWNER'),
      ref('EXPERIMENT', experimentId, 'OWNER'),
      ref('PIPELINE', pipelineId, 'CREATOR'),
      ref('PIPELINE_VERSION', versionId, 'CREATOR'),
    ];
    expect(created.body.resource_references).toEqual(expected);
    expect((await api.get(`${API}/jobs/${created.body.id}`)).body.resource_references).toEqual(expected);
    const listed = (await api.get(`${API}/jobs`)).body.jobs.find((j: Json) => j.id === created.body.id);
    expect(listed.resource_references).toEqual(expected);
    // Runs: EXPERIMENT first; a run of a stored version names it (model.Run.ToV1, toApiRunV1).
    const run = await api.post(`${API}/runs`, { name: 'row-2', resource_references: versionJob('').resource_references });
    expect(run.body.run.resource_references).toEqual([ref('EXPERIMENT', experimentId, 'OWNER'), ref('PIPELINE_VERSION', versionId, 'CREATOR')]);
  });

  it('row 3: a job\'s status is STATUS_UNSPECIFIED until the persistence agent reports it, also right after enable/disable', async () => {
    const created = await api.post(`${API}/jobs`, versionJob('row-3', { enabled: true }));
    const status = async () => (await api.get(`${API}/jobs/${created.body.id}`)).body.status;
    expect(created.body.status).toBe('STATUS_UNSPECIFIED');
    emulator.advance(999);
    expect(await status()).toBe('STATUS_UNSPECIFIED');
    emulator.advance(1);
    expect(await status()).toBe('ENABLED');
    await api.post(`${API}/jobs/${created.body.id}/disable`);
    expect((await api.get(`${API}/jobs/${created.body.id}`)).body).toMatchObject({ status: 'ENABLED' });
    expect((await api.get(`${API}/jobs/${created.body.id}`)).body.enabled).toBeUndefined();
    emulator.advance(1000);
    expect(await status()).toBe('DISABLED');
    const fresh = await api.post(`${API}/jobs`, versionJob('row-3-disabled'));
    await api.post(`${API}/jobs/${fresh.body.id}/enable`);
    expect((await api.get(`${API}/jobs/${fresh.body.id}`)).body.status).toBe('STATUS_UNSPECIFIED');
  });

  it('row 4: rows that share the sort value are ordered by UUID (ORDER BY field, UUID), on every page and in both directions', async () => {
    emulator.advance(5000);
    const experiment = (await api.post(`${API}/experiments`, { name: 'row-4' })).body.id;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const job = await api.post(`${API}/jobs`, { ...versionJob(`same-second-${i}`), resource_references: [experimentRef(experiment), ref('PIPELINE_VERSION', versionId, 'CREATOR')] });
      ids.push(job.body.id);
    }
    const scope = { 'resource_reference_key.type': 'EXPERIMENT', 'resource_reference_key.id': experiment };
    const all = async (sortBy: string) => {
      const seen: string[] = [];
      let token = '';
      do {
        const page = await api.get(`${API}/jobs${q({ ...scope, page_size: 2, sort_by: sortBy, page_token: token })}`);
        seen.push(...page.body.jobs.map((j: Json) => j.id));
        token = page.body.next_page_token ?? '';
      } while (token);
      return seen;
    };
    const ascending = [...ids].sort();
    expect(await all('created_at')).toEqual(ascending);
    expect(await all('created_at desc')).toEqual([...ascending].reverse());
    // Equal names too: sort by description (all empty) falls back to the UUIDs.
    expect(await all('description')).toEqual(ascending);
  });

  it('row 5: a job with no pipeline reference and no spec is an internal error (500, code 13)', async () => {
    const res = await api.post(`${API}/jobs`, { name: 'no-pipeline', max_concurrency: 1, resource_references: [experimentRef(experimentId)] });
    expect(res.status).toBe(500);
    expect(res.body.code).toBe(13);
    if (flavor === '2.1') {
      expect(detail(res.body)).toMatchObject({ code: 13, message: 'Internal Server Error' });
      expect(res.body.message).toBe(
        'Failed to create a recurring run: InternalServerError: Failed to create a recurring run with an invalid pipeline spec manifest: ' +
          'Invalid input error: Failed to fetch a template with an empty pipeline spec manifest',
      );
    } else {
      // 2.14's CreateJob returns a plain Go error: Internal, an Unknown detail, printed with its stack.
      expect(detail(res.body).code).toBe(2);
      expect(detail(res.body).message).toMatch(/^Internal error: Cannot create a job with an empty pipeline ID\ngithub\.com\/kubeflow\/pipelines\/.*\n\t.*\nFailed to create a recurring run\n/s);
    }
  });

  it('row 6: a known path with a wrong method is 405 text/plain on gateway v1, Unimplemented (501) on v2', async () => {
    const res = await fetch(`${emulator.url}${API}/experiments/${experimentId}`, { method: 'PUT', body: '{}' });
    if (flavor === '2.1') {
      expect(res.status).toBe(405);
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(await res.text()).toBe('Method Not Allowed\n');
    } else {
      expect(res.status).toBe(501);
      expect(await readJson(res)).toEqual({ code: 12, message: 'Method Not Allowed' });
    }
  });

  it('row 7: an unknown route is 404 text/plain on gateway v1, a NotFound status on v2; outside /apis the router answers', async () => {
    const res = await fetch(`${emulator.url}${API}/colours`);
    expect(res.status).toBe(404);
    if (flavor === '2.1') {
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(await res.text()).toBe('Not Found\n');
    } else {
      expect(await readJson(res)).toEqual({ code: 5, message: 'Not Found' });
    }
    const outside = await fetch(`${emulator.url}/metrics-nope`);
    expect([outside.status, await outside.text()]).toEqual([404, '404 page not found\n']);
  });

  it('row 8: an upload without `uploadfile` is a 400 sent as text/plain, its JSON error_details holding a Go stack trace', async () => {
    const form = new FormData();
    form.append('file', new Blob([WORKFLOW_YAML]), 'p.yaml');
    const res = await fetch(`${emulator.url}${API}/pipelines/upload?name=x`, { method: 'POST', body: form });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const body = JSON.parse(await res.text());
    expect(body.error_message).toBe('Failed to read pipeline from file: http: no such file');
    expect(body.error_details).toMatch(/^http: no such file\nFailed to read pipeline from file\ngithub\.com\/kubeflow\/pipelines\/backend\/src\/common\/util\.Wrap\n\t\/go\/src\/.*error\.go:\d+\n/);
    // After the file is read, the handler has set JSON: a duplicate name is a 409 application/json.
    const duplicate = await api.upload(`${API}/pipelines/upload?name=stored`, 'stored.yaml', WORKFLOW_YAML);
    expect(duplicate.status).toBe(409);
    expect(duplicate.headers.get('content-type')).toBe('application/json');
  });

  it('row 9: a malformed JSON body is the decoder\'s bare InvalidArgument status, without details', async () => {
    const post = async (body: string) => {
      const res = await fetch(`${emulator.url}${API}/experiments`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      return [res.status, await readJson(res)];
    };
    const status = (message: string) => (flavor === '2.1' ? { error: message, code: 3, message } : { code: 3, message });
    expect(await post('{"name": "trunc')).toEqual([400, status('unexpected EOF')]);
    expect(await post('{name: 1}')).toEqual([400, status("invalid character 'n' looking for beginning of object key string")]);
    // json.Decoder reads one value: what follows it is never looked at.
    expect((await post('{"name": "first-value"} trailing')).at(0)).toBe(200);
  });

  it('row 10: a job with `trigger: {}` is answered without a trigger', async () => {
    const res = await api.post(`${API}/jobs`, versionJob('no-trigger', { trigger: {} }));
    expect(res.status).toBe(200);
    expect('trigger' in res.body).toBe(false);
    expect('trigger' in (await api.get(`${API}/jobs/${res.body.id}`)).body).toBe(false);
  });

  it('row 11: pipeline_runtime.workflow_manifest is the workflow as submitted (generated name, namespace, run id label)', async () => {
    const created = await api.post(`${API}/runs`, {
      name: 'row-11',
      pipeline_spec: { workflow_manifest: WORKFLOW_JSON, parameters: [{ name: 'custom_message', value: 'id [[RunUUID]]' }] },
      resource_references: [experimentRef(experimentId)],
    });
    const runId = created.body.run.id;
    const submitted = JSON.parse((await api.get(`${API}/runs/${runId}`)).body.pipeline_runtime.workflow_manifest);
    expect(submitted.metadata).toMatchObject({
      name: expect.stringMatching(new RegExp(`^pipeline-1-${K8S_SUFFIX}$`)),
      namespace: 'kubeflow',
      labels: expect.objectContaining({ 'pipeline/runid': runId }),
      annotations: expect.objectContaining({ 'pipelines.kubeflow.org/run_name': 'row-11' }),
    });
    expect(submitted.spec.serviceAccountName).toBe('pipeline-runner');
    expect(submitted.spec.arguments.parameters).toEqual([{ name: 'custom_message', value: `id ${runId}` }]);
    expect(submitted.spec.podMetadata.labels).toEqual({ 'pipeline/runid': runId });
    // The run's own pipeline_spec keeps the manifest it was created with.
    expect(created.body.run.pipeline_spec.workflow_manifest).toBe(WORKFLOW_JSON);
  });

  it("row 12: common errors read as the server's", async () => {
    expect(detail((await api.get(`${API}/jobs/nope`)).body).message).toBe('Job nope not found');
    const least = flavor === '2.1' ? 'leas' : 'least';
    expect(detail((await api.post(`${API}/jobs`, versionJob('c', { max_concurrency: 11 }))).body).message).toBe(
      `Max concurrency of a recurring run must be at ${least} 1 and at most 10. Received 11`,
    );
    expect(detail((await api.get(`${API}/runs${q({ page_token: 'garbage!' })}`)).body).message).toBe('Invalid package token');
    expect(detail((await api.get(`${API}/runs${q({ sort_by: 'color' })}`)).body).message).toBe('Invalid sorting field: "color" on listable type Run');
    expect(detail((await api.get(`${API}/runs${q({ sort_by: 'name up' })}`)).body).message).toBe(
      'Received invalid sort by format "name up". Supported format: "field_name", "field_name desc", or "field_name asc"',
    );
    const badFilter = await api.get(`${API}/runs?filter=${filterParam({ predicates: [{ op: 1, key: 'name' }] })}`);
    expect(detail(badFilter.body).message).toMatch(/^failed to parse valid filter|has no value/);
    const token = (await api.get(`${API}/jobs${q({ page_size: 1 })}`)).body.next_page_token;
    expect(detail((await api.get(`${API}/jobs${q({ page_token: token, sort_by: 'name' })}`)).body).message).toBe(
      'page token does not match the supplied sort by and/or filtering criteria. Either specify the same criteria or leave the latter empty if page token is specified',
    );
    const missing = await api.post(`${API}/runs`, { name: 'r', pipeline_spec: { workflow_manifest: WORKFLOW_JSON }, resource_references: [experimentRef('gone')] });
    expect([missing.status, detail(missing.body).message]).toEqual([404, 'Experiment gone not found']);
    expect(missing.body.message).toMatch(/^Failed to create a new v1beta1 run: Failed to create a run due to invalid experimentId and namespace combination: /);
    const wrongNamespace = await api.post(`${API}/runs`, {
      name: 'r',
      pipeline_spec: { workflow_manifest: WORKFLOW_JSON },
      resource_references: [experimentRef(experimentId), namespaceRef('team-x')],
    });
    expect([wrongNamespace.status, detail(wrongNamespace.body).message]).toEqual([400, `Experiment ${experimentId} belongs to namespace '' instead of 'team-x'`]);
    expect(detail((await api.get(`${API}/runs${q({ page_size: -3 })}`)).body).message).toBe("The page size should be greater than 0. Got '\uFFFD'");
  });

  it('produced only swagger-conformant JSON bodies', () => {
    expect(api.problems).toEqual([]);
  });
});

describe.each(['2.1', '2.14'] as const)('multi-user conformance (flavor %s)', (flavor) => {
  const alice: EmulatorUser = { name: 'alice@example.com', tokens: ['alice-token'], namespaces: ['team-1'] };
  let emulator: RunningEmulator;
  let asAlice: CheckedApi;

  beforeAll(async () => {
    emulator = await startEmulator({ flavor, clock: 'manual', multiUser: { users: [alice], userIdHeader: 'kubeflow-userid' } });
    asAlice = new CheckedApi(emulator.url, flavor, { authorization: 'Bearer alice-token' });
  });
  afterAll(() => emulator.close());

  it('row 2b: a job lists NAMESPACE (the profile), EXPERIMENT, PIPELINE, PIPELINE_VERSION', async () => {
    const experimentId = (await asAlice.post(`${API}/experiments`, { name: 'e', resource_references: [namespaceRef('team-1')] })).body.id;
    const uploaded = await asAlice.upload(`${API}/pipelines/upload?name=p&namespace=team-1`, 'p.yaml', WORKFLOW_YAML);
    const versionId = uploaded.body.default_version.id;
    const job = await asAlice.post(`${API}/jobs`, {
      name: 'j',
      max_concurrency: 1,
      pipeline_spec: { parameters: [{ name: 'custom_message', value: 'x' }] },
      resource_references: [experimentRef(experimentId), ref('PIPELINE_VERSION', versionId, 'CREATOR')],
    });
    expect(job.body.resource_references).toEqual([
      ref('NAMESPACE', 'team-1', 'OWNER'),
      ref('EXPERIMENT', experimentId, 'OWNER'),
      ref('PIPELINE', uploaded.body.id, 'CREATOR'),
      ref('PIPELINE_VERSION', versionId, 'CREATOR'),
    ]);
    const run = await asAlice.post(`${API}/runs`, { name: 'r', pipeline_spec: { workflow_manifest: WORKFLOW_JSON }, resource_references: [experimentRef(experimentId)] });
    expect(JSON.parse(run.body.pipeline_runtime.workflow_manifest).metadata.namespace).toBe('team-1');
  });

  it('row 13: takes the identity from the kubeflow-userid header the gateway sets, as the API server does', async () => {
    const list = (headers: Record<string, string>) =>
      fetch(`${emulator.url}${API}/experiments${q({ 'resource_reference_key.type': 'NAMESPACE', 'resource_reference_key.id': 'team-1' })}`, { headers });
    expect((await list({ 'kubeflow-userid': 'alice@example.com' })).status).toBe(200);
    // An identity the gateway vouches for but RBAC does not know may use no namespace.
    const stranger = await list({ 'kubeflow-userid': 'mallory@example.com' });
    expect(stranger.status).toBe(403);
    expect((await readJson(stranger)).details[0].message).toMatch(/^User 'mallory@example.com' is not authorized/);
    // The header authenticator comes first, as in auth.GetAuthenticators.
    expect((await list({ 'kubeflow-userid': 'mallory@example.com', authorization: 'Bearer alice-token' })).status).toBe(403);
    expect((await list({})).status).toBe(401);
    expect(emulator.requests().at(-4)?.identity).toBe('alice@example.com');
  });

  it('row 13: a userid header given twice, or without the configured prefix, is a 409 BadRequestError', async () => {
    const prefixed = await startEmulator({ flavor, multiUser: { users: [alice], userIdHeader: 'kubeflow-userid', userIdPrefix: 'accounts.google.com:' } });
    try {
      const url = `${prefixed.url}${API}/experiments${q({ 'resource_reference_key.type': 'NAMESPACE', 'resource_reference_key.id': 'team-1' })}`;
      const plain = await fetch(url, { headers: { 'kubeflow-userid': 'alice@example.com' } });
      expect(plain.status).toBe(409);
      expect((await readJson(plain)).details[0].message).toBe("Header 'kubeflow-userid' is incorrectly formatted. Expected prefix 'accounts.google.com:'");
      expect((await fetch(url, { headers: { 'kubeflow-userid': 'accounts.google.com:alice@example.com' } })).status).toBe(200);
      // Two header lines (fetch would join them into one).
      const doubled = await new Promise<number>((resolve, reject) => {
        const req = request(url, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.setHeader('kubeflow-userid', ['accounts.google.com:alice@example.com', 'accounts.google.com:alice@example.com']);
        req.on('error', reject).end();
      });
      expect(doubled).toBe(409);
    } finally {
      await prefixed.close();
    }
  });

  it('ignores the header unless configured (the default front door is tokens and cookies)', async () => {
    const plain = await startEmulator({ flavor, multiUser: { users: [alice] } });
    try {
      const res = await fetch(`${plain.url}${API}/experiments${q({ 'resource_reference_key.type': 'NAMESPACE', 'resource_reference_key.id': 'team-1' })}`, {
        headers: { 'kubeflow-userid': 'alice@example.com' },
      });
      expect(res.status).toBe(401);
    } finally {
      await plain.close();
    }
  });

  it('produced only swagger-conformant JSON bodies', () => {
    expect(asAlice.problems).toEqual([]);
  });
});
