import { startEmulator, type EmulatorUser, type RunningEmulator } from 'kfp-emulator';
import { CheckedApi } from './support/checked-api';
import { experimentRef, namespaceRef, q, WORKFLOW_JSON, WORKFLOW_YAML } from './support/fixtures';

const API = '/apis/v1beta1';
const alice: EmulatorUser = { name: 'alice@example.com', password: 'alice-pw', tokens: ['alice-token'], namespaces: ['team-1'] };
const bob: EmulatorUser = { name: 'bob@example.com', tokens: ['bob-token'], cookies: ['authservice_session=bob-cookie'], namespaces: ['team-2'] };

describe.each(['2.1', '2.14'] as const)('multi-user mode, flavor %s', (flavor) => {
  let emulator: RunningEmulator;
  let asAlice: CheckedApi;
  let asBob: CheckedApi;
  let anonymous: CheckedApi;

  beforeAll(async () => {
    emulator = await startEmulator({ flavor, multiUser: { users: [alice, bob] }, clock: 'manual' });
    asAlice = new CheckedApi(emulator.url, flavor, { authorization: 'Bearer alice-token' });
    asBob = new CheckedApi(emulator.url, flavor, { cookie: 'other=1; authservice_session=bob-cookie' });
    anonymous = new CheckedApi(emulator.url, flavor);
  });
  afterAll(() => emulator.close());

  it('answers healthz without identity and reports multi_user', async () => {
    expect((await anonymous.get(`${API}/healthz`)).body.multi_user).toBe(true);
  });

  it('rejects requests without a valid identity with 401', async () => {
    const res = await anonymous.get(`${API}/experiments${q({ 'resource_reference_key.type': 'NAMESPACE', 'resource_reference_key.id': 'team-1' })}`);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe(16);
    expect(res.headers.get('www-authenticate') !== null).toBe(flavor === '2.14');
    const badToken = await anonymous.get(`${API}/experiments`, { authorization: 'Bearer nope' });
    expect(badToken.status).toBe(401);
  });

  let experimentId = '';
  it('requires a namespace on experiments and authorizes it', async () => {
    expect((await asAlice.post(`${API}/experiments`, { name: 'e' })).status).toBe(400);
    const created = await asAlice.post(`${API}/experiments`, { name: 'e', resource_references: [namespaceRef('team-1')] });
    expect(created.status).toBe(200);
    expect(created.body.resource_references).toEqual([namespaceRef('team-1')]);
    experimentId = created.body.id;

    const forbidden = await asAlice.post(`${API}/experiments`, { name: 'e', resource_references: [namespaceRef('team-2')] });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.details[0].message).toBe(
      "User 'alice@example.com' is not authorized with reason:  (request: &ResourceAttributes{Namespace:team-2,Verb:create,Group:pipelines.kubeflow.org,Version:v1beta1,Resource:experiments,Subresource:,Name:,})",
    );
    // Same name in another namespace is fine.
    expect((await asBob.post(`${API}/experiments`, { name: 'e', resource_references: [namespaceRef('team-2')] })).status).toBe(200);
  });

  it('requires and authorizes namespaces on list calls', async () => {
    expect((await asAlice.get(`${API}/experiments`)).status).toBe(400);
    const mine = await asAlice.get(`${API}/experiments${q({ 'resource_reference_key.type': 'NAMESPACE', 'resource_reference_key.id': 'team-1' })}`);
    expect(mine.body.experiments.map((e: { id: string }) => e.id)).toEqual([experimentId]);
    expect((await asAlice.get(`${API}/experiments${q({ 'resource_reference_key.type': 'NAMESPACE', 'resource_reference_key.id': 'team-2' })}`)).status).toBe(403);
    expect((await asAlice.get(`${API}/jobs`)).status).toBe(400);
    expect((await asBob.get(`${API}/runs${q({ 'resource_reference_key.type': 'EXPERIMENT', 'resource_reference_key.id': experimentId })}`)).status).toBe(403);
    expect((await asBob.get(`${API}/experiments/${experimentId}`)).status).toBe(403);
  });

  it('derives the namespace of runs and jobs from their experiment', async () => {
    const spec = { workflow_manifest: WORKFLOW_JSON };
    const noExperiment = await asAlice.post(`${API}/runs`, { name: 'r', pipeline_spec: spec });
    expect(noExperiment.status).toBe(400);
    expect(noExperiment.body.details[0].message).toBe('Experiment id can not be empty in multi-user mode');
    const mismatch = await asAlice.post(`${API}/runs`, { name: 'r', pipeline_spec: spec, resource_references: [experimentRef(experimentId), namespaceRef('team-2')] });
    expect(mismatch.status).toBe(400);
    expect((await asBob.post(`${API}/runs`, { name: 'r', pipeline_spec: spec, resource_references: [experimentRef(experimentId)] })).status).toBe(403);

    const run = await asAlice.post(`${API}/runs`, { name: 'r', pipeline_spec: spec, resource_references: [experimentRef(experimentId)] });
    expect(run.status).toBe(200);
    expect(run.body.run.resource_references).toEqual([experimentRef(experimentId), namespaceRef('team-1')]);
    expect(run.body.run.service_account).toBe('default-editor');

    const job = await asAlice.post(`${API}/jobs`, {
      name: 'j', max_concurrency: 1, trigger: { periodic_schedule: { interval_second: 60 } }, pipeline_spec: spec, resource_references: [experimentRef(experimentId)],
    });
    expect(job.status).toBe(200);
    const jobs = await asAlice.get(`${API}/jobs${q({ 'resource_reference_key.type': 'NAMESPACE', 'resource_reference_key.id': 'team-1' })}`);
    expect(jobs.body.jobs.map((j: { id: string }) => j.id)).toEqual([job.body.id]);
    expect((await asBob.post(`${API}/jobs/${job.body.id}/disable`)).status).toBe(403);
  });

  it('reports upload authorization failures as 400, and allows shared pipelines', async () => {
    const forbidden = await asAlice.upload(`${API}/pipelines/upload?name=p&namespace=team-2`, 'p.yaml', WORKFLOW_YAML);
    expect(forbidden.status).toBe(400);
    expect(forbidden.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(forbidden.body.error_message).toMatch(/^Failed to create a pipeline due to authorization error: Authorization Failure: .*Namespace:team-2,/);
    const own = await asAlice.upload(`${API}/pipelines/upload?name=p&namespace=team-1`, 'p.yaml', WORKFLOW_YAML);
    expect(own.status).toBe(200);
    expect(own.body.resource_references).toEqual([namespaceRef('team-1')]);
    expect((await asAlice.upload(`${API}/pipelines/upload?name=shared`, 'p.yaml', WORKFLOW_YAML)).status).toBe(200);
    // The upload handler authenticates only to authorize a namespace, and reports that failure as 400 too.
    const unauthenticated = await anonymous.upload(`${API}/pipelines/upload?name=x&namespace=team-1`, 'p.yaml', WORKFLOW_YAML);
    expect(unauthenticated.status).toBe(400);
    expect(unauthenticated.body.error_message).toMatch(/Unauthenticated: Failed to check authorization. User identity is empty in the request header/);
  });

  it('records who made each request, never their credentials', () => {
    const records = emulator.requests();
    expect(records.filter((r) => r.identity === 'alice@example.com').length).toBeGreaterThan(5);
    expect(records.some((r) => r.identity === 'bob@example.com')).toBe(true);
    expect(JSON.stringify(records)).not.toMatch(/alice-token|bob-cookie|alice-pw/);
  });

  it('produced only swagger-conformant response bodies', () => {
    for (const api of [asAlice, asBob, anonymous]) expect(api.problems).toEqual([]);
    expect(asAlice.checked).toBeGreaterThan(10);
  });
});

describe('Dex login flow', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ multiUser: { users: [alice, bob] } });
  });
  afterAll(() => emulator.close());

  const get = (path: string, cookie?: string) => fetch(emulator.url + path, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  const location = (res: Response) => res.headers.get('location') ?? '';

  it('walks oauth2-proxy -> chooser -> connector -> form -> approval -> callback and sets a session cookie', async () => {
    const start = await get('/pipeline');
    expect(start.status).toBe(302);
    expect(location(start)).toMatch(/^\/dex\/auth\?/);

    const chooser = await get(location(start));
    expect(chooser.status).toBe(200);
    const html = await chooser.text();
    expect(html).toContain('/dex/auth/local?');
    expect(html).toContain('/dex/auth/ldap?');

    const connector = await get(location(start).replace('/dex/auth?', '/dex/auth/ldap?'));
    expect(connector.status).toBe(302);
    const loginUrl = location(connector);
    expect(loginUrl).toMatch(/^\/dex\/auth\/ldap\/login\?back=&state=/);
    const form = await get(loginUrl);
    expect(form.status).toBe(200);
    expect(await form.text()).toMatch(/name="login"[\s\S]*name="password"/);

    const post = (password: string) =>
      fetch(emulator.url + loginUrl, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ login: alice.name, password }).toString(),
      });
    const wrong = await post('guess');
    expect(wrong.status).toBe(200);
    expect(await wrong.text()).toContain('Invalid Email Address and password');

    const right = await post(alice.password!);
    expect(right.status).toBe(303);
    const approval = await get(location(right));
    expect(approval.status).toBe(303);
    expect(location(approval)).toMatch(/^\/oauth2\/callback\?code=.+&state=/);
    const callback = await get(location(approval));
    expect(callback.status).toBe(302);
    expect(location(callback)).toBe('/pipeline');
    const setCookie = callback.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^oauth2_proxy_kubeflow=[^;]+; Path=\/; HttpOnly/);
    const cookie = setCookie.split(';')[0];

    expect((await get('/pipeline', cookie)).status).toBe(200);
    const api = await get(`${API}/experiments${q({ 'resource_reference_key.type': 'NAMESPACE', 'resource_reference_key.id': 'team-1' })}`, cookie);
    expect(api.status).toBe(200);
    const login = emulator.requests().find((r) => r.kind === 'oauth2.callback');
    expect(login?.query).toMatch(/code=REDACTED/);
    expect(emulator.requests().find((r) => r.kind === 'experiments.list')?.identity).toBe(alice.name);
  });

  it('refuses replayed codes and unknown login requests', async () => {
    expect((await get('/oauth2/callback?code=made-up&state=x')).status).toBe(403);
    expect((await get('/dex/auth?state=unknown')).status).toBe(400);
    expect((await get('/dex/auth/local/login?back=&state=unknown')).status).toBe(400);
  });
});
