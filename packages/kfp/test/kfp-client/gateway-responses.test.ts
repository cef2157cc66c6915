import { createKfpClient } from '../../src/connection/create-kfp-client';
import type { AuthSettings } from '../../src/connection/types';
import type { KfpClient } from '../../src/kfp-client/kfp-client';
import { FakeGateway, json, text } from './support/fake-gateway';
import { Transcript } from './support/harness';

const TOKEN = 'tok-gateway-test-8d7c6b5a';
const LOGIN_PAGE = '<!DOCTYPE html><html><head><title>Log in to Your Account</title></head><body><form method="post"></form></body></html>';

/** How the client reads what ingress proxies answer instead of the KFP API. */
describe('answers from the gateway in front of KFP', () => {
  let gateway: FakeGateway;
  const transcript = new Transcript();

  const client = (auth: AuthSettings = { method: 'token', token: TOKEN, source: 'KFP_TOKEN' }): Promise<KfpClient> =>
    createKfpClient(
      { host: `${gateway.url}/pipeline`, namespace: 'team-1', auth, skipTlsVerify: false, retry: { baseDelayMs: 1, maxDelayMs: 5 } },
      { log: transcript.log, warn: transcript.log, sleep: transcript.sleep },
    );

  beforeAll(async () => {
    gateway = await FakeGateway.start();
  });
  afterAll(async () => {
    await gateway?.close();
  });

  it('sends the bearer token, never a kubeflow-userid header, and logs no headers', async () => {
    gateway.script(json(200, {}));
    await (await client()).healthz();
    expect(gateway.seen[0]?.url).toBe('/pipeline/apis/v1beta1/healthz');
    expect(gateway.seen[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(gateway.seen[0]?.headers['kubeflow-userid']).toBeUndefined();
    expect(transcript.lines.at(-1)).toMatch(/^GET \/pipeline\/apis\/v1beta1\/healthz 200 \d+ ms$/);
  });

  it('sends a raw cookie string as the Cookie header', async () => {
    gateway.script(json(200, {}));
    await (await client({ method: 'cookie', cookie: 'oauth2_proxy_kubeflow=cookie-gw-3e4f5a6b', source: 'KFP_COOKIE' })).healthz();
    expect(gateway.seen[0]?.headers.cookie).toBe('oauth2_proxy_kubeflow=cookie-gw-3e4f5a6b');
  });

  it('sends body-less actions as empty JSON posts', async () => {
    gateway.script(json(200, {}));
    await (await client()).enableJob('j-1');
    expect(gateway.seen[0]).toMatchObject({ method: 'POST', url: '/pipeline/apis/v1beta1/jobs/j-1/enable' });
    expect(gateway.seen[0]?.headers['content-type']).toBe('application/json');
    expect(gateway.seen[0]?.headers['content-length']).toBe('0');
  });

  it('a redirect to a login page means "not authenticated", and is not followed', async () => {
    gateway.script(text(302, '', 'text/html', { location: '/dex/auth?client_id=kubeflow&state=opaque-state-123' }));
    const error = await transcript.apiFailure((await client()).listExperiments('team-1'));
    expect(error.reason).toBe('login-page');
    expect(error.unauthenticated).toBe(true);
    expect(error.message).toContain(
      'not authenticated: got a login page instead of the KFP API (HTTP 302 redirect to /dex/auth): the session cookie or token was not accepted',
    );
    expect(error.message).toContain('namespace "team-1"');
    expect(error.message).toContain('bearer token from KFP_TOKEN');
    expect(error.message).not.toContain('opaque-state-123');
    expect(gateway.seen).toHaveLength(1);
  });

  it('a 200 HTML page where JSON was expected means "not authenticated"', async () => {
    gateway.script(text(200, LOGIN_PAGE, 'text/html; charset=utf-8'));
    const error = await transcript.apiFailure((await client()).listJobs('team-1'));
    expect(error).toMatchObject({ reason: 'login-page', status: 200, operation: 'list jobs' });
    expect(error.message).toContain('an HTML page titled "Log in to Your Account"');
  });

  it('a plain-text Istio denial is a 403 naming namespace and identity', async () => {
    gateway.script(text(403, 'RBAC: access denied'));
    const error = await transcript.apiFailure((await client()).listExperiments('team-1'));
    expect(error).toMatchObject({ status: 403, serverMessage: 'RBAC: access denied' });
    expect(error.message).toBe(
      'list experiments: permission denied (HTTP 403) in namespace "team-1" for bearer token from KFP_TOKEN: RBAC: access denied; ' +
        'likely cause: the gateway in front of KFP refused the request: the session cookie or token was not accepted, or the identity may not use this namespace',
    );
  });

  it('a 403 HTML page from a proxy names the status, the page and the likely cause, not a parse error', async () => {
    gateway.script(text(403, '<!DOCTYPE html><html><head><title>403 Forbidden</title></head><body>oauth2-proxy</body></html>', 'text/html'));
    const error = await transcript.apiFailure((await client()).listJobs('team-1'));
    expect(error).toMatchObject({ reason: 'http', status: 403, serverMessage: 'an HTML page titled "403 Forbidden"' });
    expect(error.message).toMatch(/^list jobs: permission denied \(HTTP 403\) in namespace "team-1" .*: an HTML page titled "403 Forbidden"; likely cause: the gateway in front of KFP refused/);
    expect(error.message).not.toMatch(/JSON|Unexpected token/);
  });

  it.each([
    [404, 'Not Found\n', 'text/plain; charset=utf-8', 'no such KFP API path: check the host and its path prefix'],
    [404, '404 page not found\n', 'text/plain; charset=utf-8', 'no such KFP API path'],
    [405, 'Method Not Allowed\n', 'text/plain; charset=utf-8', 'the server does not accept POST on this path'],
    [413, '<html><head><title>413 Request Entity Too Large</title></head></html>', 'text/html', 'the request is larger than a proxy in front of KFP accepts'],
  ])('a %i %j answer names the status and the likely cause', async (status, body, type, cause) => {
    gateway.script(text(status, body, type));
    const error = await transcript.apiFailure((await client()).enableJob('j-1'));
    expect(error).toMatchObject({ reason: 'http', status });
    expect(error.message).toMatch(new RegExp(`^enable job j-1 failed \\(HTTP ${status}\\): .*; likely cause: ${cause.replace(/[.()]/g, '\\$&')}`));
  });

  it("the gateway v2's routing statuses (404 Not Found, 501 Method Not Allowed) get the same hints", async () => {
    gateway.script(json(501, { code: 12, message: 'Method Not Allowed' }));
    const error = await transcript.apiFailure((await client()).enableJob('j-1'));
    expect(error.message).toBe(
      'enable job j-1 failed (HTTP 501 Unimplemented): Method Not Allowed; likely cause: the server does not accept POST on this path: check that the host is the KFP v1beta1 API',
    );
  });

  it("a KFP error keeps the server's own message, with no guessed cause", async () => {
    gateway.script(json(404, { code: 5, message: 'long chain', details: [{ '@type': 'type.googleapis.com/google.rpc.Status', code: 5, message: 'Job j-1 not found' }] }));
    const error = await transcript.apiFailure((await client()).enableJob('j-1'));
    expect(error.message).toBe('enable job j-1 failed (HTTP 404 NotFound): Job j-1 not found');
    expect(error.likelyCause).toBeUndefined();
  });

  it('honours Retry-After on a 429', async () => {
    transcript.sleeps.length = 0;
    gateway.script(json(429, { code: 8, message: 'slow down' }, { 'retry-after': '2' }), json(200, { multi_user: true }));
    expect((await (await client()).healthz()).multiUser).toBe(true);
    expect(transcript.sleeps).toEqual([2000]);
  });

  it('retries a 502 from the proxy and reports its HTML page briefly when it persists', async () => {
    gateway.script(text(502, '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>', 'text/html'));
    const error = await transcript.apiFailure((await client()).healthz());
    expect(gateway.seen).toHaveLength(4);
    expect(error.message).toBe(
      'check KFP API health failed (HTTP 502): an HTML page titled "502 Bad Gateway"; likely cause: a gateway or proxy in front of KFP could not reach the API server (is ml-pipeline running and ready?)',
    );
  });

  it('a 2xx body that is not JSON is an invalid response', async () => {
    gateway.script(text(200, 'ok'));
    const error = await transcript.apiFailure((await client()).healthz());
    expect(error.reason).toBe('invalid-response');
    expect(error.message).toBe('check KFP API health: unexpected response from the KFP API: HTTP 200 with a body that is not JSON (Content-Type text/plain)');
  });

  it('a response that does not match the API names the operation and the field', async () => {
    gateway.script(json(200, { jobs: [{ id: 'j-1', max_concurrency: 'lots' }] }));
    const error = await transcript.apiFailure((await client()).listJobs('team-1'));
    expect(error.reason).toBe('invalid-response');
    expect(error.message).toMatch(/^list jobs: unexpected response from the KFP API: .*jobs\.0\.max_concurrency/);
  });

  it('stops when a server keeps returning the same page token', async () => {
    gateway.script(json(200, { experiments: [{ id: 'e' }], next_page_token: 'same' }));
    const error = await transcript.apiFailure((await client()).listExperiments('team-1'));
    expect(error.message).toContain('the server keeps returning the same next_page_token');
    expect(gateway.seen).toHaveLength(2);
  });

  it('leaks no token or cookie into any message or log line', () => {
    expect(transcript.leaks([TOKEN, 'cookie-gw-3e4f5a6b'])).toEqual([]);
  });
});
