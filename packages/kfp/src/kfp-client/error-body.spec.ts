import { parseErrorBody } from './error-body';
import { KfpApiError } from './kfp-api-error';

describe('parseErrorBody', () => {
  it('reads gateway v1 with an api.Error detail (KFP 1.8)', () => {
    const body = JSON.stringify({
      error: 'Failed to create a new experiment.: AlreadyExistsError: long internal chain',
      code: 6,
      message: 'Failed to create a new experiment.: AlreadyExistsError: long internal chain',
      details: [
        {
          '@type': 'type.googleapis.com/api.Error',
          error_message: 'Experiment with name "x" already exists',
          error_details: 'long internal chain',
        },
      ],
    });
    expect(parseErrorBody(body)).toEqual({ format: 'gateway-v1', code: 6, message: 'Experiment with name "x" already exists' });
  });

  it('reads gateway v1 with a google.rpc.Status detail (KFP 2.1)', () => {
    const body = JSON.stringify({
      error: 'long chain',
      code: 5,
      message: 'long chain',
      details: [{ '@type': 'type.googleapis.com/google.rpc.Status', code: 5, message: 'Job j-1 not found' }],
    });
    expect(parseErrorBody(body)).toEqual({ format: 'gateway-v1', code: 5, message: 'Job j-1 not found' });
  });

  it('reads gateway v2 bodies without an error key (KFP 2.14+)', () => {
    const body = JSON.stringify({
      code: 3,
      message: 'Invalid input error: long chain',
      details: [{ '@type': 'type.googleapis.com/google.rpc.Status', code: 3, message: 'Schedule cron is not a supported format' }],
    });
    expect(parseErrorBody(body)).toEqual({ format: 'gateway-v2', code: 3, message: 'Schedule cron is not a supported format' });
  });

  it('falls back to message, then error, when details say nothing', () => {
    expect(parseErrorBody(JSON.stringify({ code: 13, message: 'internal thing', details: [] }))).toEqual({ format: 'gateway-v2', code: 13, message: 'internal thing' });
    expect(parseErrorBody(JSON.stringify({ error: 'only error', code: 2 }))).toEqual({ format: 'gateway-v1', code: 2, message: 'only error' });
  });

  it('reads the upload handler’s JSON even when it comes as text/plain (KFP 2.1 sniffs early errors)', () => {
    const body = JSON.stringify({ error_message: 'Failed to read pipeline from file: http: no such file', error_details: 'http: no such file\nFailed to read pipeline from file\ngithub.com/…' });
    expect(parseErrorBody(body, 'text/plain; charset=utf-8')).toEqual({ format: 'upload', message: 'Failed to read pipeline from file: http: no such file' });
  });

  it('reads the upload endpoints’ own format', () => {
    const body = JSON.stringify({ error_message: 'Failed to upload pipeline: name already exists', error_details: 'chain' });
    expect(parseErrorBody(body)).toEqual({ format: 'upload', message: 'Failed to upload pipeline: name already exists' });
  });

  it('describes HTML pages by their title instead of dumping them', () => {
    const html = '<!DOCTYPE html><html><head><title>Log in to Dex</title></head><body><form>...</form></body></html>';
    expect(parseErrorBody(html, 'text/html; charset=utf-8')).toEqual({ format: 'html', message: 'an HTML page titled "Log in to Dex"' });
    expect(parseErrorBody('<html><body>no title</body></html>')).toEqual({ format: 'html', message: 'an HTML page' });
  });

  it('keeps plain-text bodies such as the Istio RBAC denial', () => {
    expect(parseErrorBody('RBAC: access denied', 'text/plain')).toEqual({ format: 'text', message: 'RBAC: access denied' });
  });

  it('says when the body is empty', () => {
    expect(parseErrorBody('  ')).toEqual({ format: 'empty', message: 'empty response body' });
  });
});

describe('KfpApiError', () => {
  it('names operation, status and code for ordinary HTTP errors', () => {
    const error = new KfpApiError({ operation: 'create experiment "x"', reason: 'http', status: 409, code: 6, serverMessage: 'already exists' });
    expect(error.message).toBe('create experiment "x" failed (HTTP 409 AlreadyExists): already exists');
    expect(error.retryable).toBe(false);
    expect(error.outcomeUnknown).toBe(false);
  });

  it('names namespace and identity for 401 and 403', () => {
    const unauthenticated = new KfpApiError({ operation: 'list jobs', reason: 'http', status: 401, serverMessage: 'no identity', namespace: 'team-1', identity: 'bearer token from KFP_TOKEN' });
    expect(unauthenticated.message).toContain('not authenticated (HTTP 401)');
    expect(unauthenticated.message).toContain('namespace "team-1"');
    expect(unauthenticated.message).toContain('bearer token from KFP_TOKEN');
    expect(unauthenticated.unauthenticated).toBe(true);

    const denied = new KfpApiError({ operation: 'list jobs', reason: 'http', status: 403, code: 7, serverMessage: 'RBAC: access denied', namespace: 'team-2', identity: 'user1@example.com via Dex (local connector)' });
    expect(denied.message).toBe('list jobs: permission denied (HTTP 403 PermissionDenied) in namespace "team-2" for user1@example.com via Dex (local connector): RBAC: access denied');
  });

  it('explains a login page where JSON was expected', () => {
    const error = new KfpApiError({ operation: 'list experiments', reason: 'login-page', status: 200, serverMessage: 'HTTP 200 with an HTML page', identity: 'no credentials (anonymous)' });
    expect(error.message).toMatch(/^list experiments: not authenticated: got a login page instead of the KFP API \(HTTP 200 with an HTML page\): the session cookie or token was not accepted/);
    expect(error.unauthenticated).toBe(true);
  });

  it('classifies failures for retries and create exists-checks', () => {
    const make = (init: Partial<ConstructorParameters<typeof KfpApiError>[0]>) =>
      new KfpApiError({ operation: 'op', reason: 'http', status: 500, serverMessage: 'm', ...init });
    expect(make({ status: 503 }).retryable).toBe(true);
    expect(make({ status: 429 }).retryable).toBe(true);
    expect(make({ status: 429 }).outcomeUnknown).toBe(false);
    expect(make({ status: 500 }).retryable).toBe(false);
    expect(make({ status: 500 }).outcomeUnknown).toBe(true);
    expect(make({ reason: 'network', status: 0, networkCode: 'ECONNRESET' }).outcomeUnknown).toBe(true);
    expect(make({ reason: 'network', status: 0, networkCode: 'ECONNREFUSED' }).outcomeUnknown).toBe(false);
    expect(make({ reason: 'network', status: 0, networkCode: 'ECONNREFUSED' }).retryable).toBe(true);
    expect(make({ reason: 'timeout', status: 0 }).outcomeUnknown).toBe(true);
    expect(make({ reason: 'network', status: 0, networkCode: 'ENOTFOUND' }).retryable).toBe(false);
    expect(make({ reason: 'network', status: 0, networkCode: 'DEPTH_ZERO_SELF_SIGNED_CERT' }).retryable).toBe(false);
  });
});

describe('KfpApiError hints', () => {
  it('names where credentials come from when they were missing or refused', () => {
    const error = new KfpApiError({ operation: 'list experiments', reason: 'http', status: 401, code: 16, serverMessage: 'User identity is empty in the request header', namespace: 'team-1', identity: 'no credentials' });
    expect(error.message).toContain('; credentials come from KFP_TOKEN, KFP_TOKEN_PATH (or --token-path), KFP_COOKIE, or DEX_USERNAME and DEX_PASSWORD');
  });

  it('says to set a namespace when a multi-user server refuses a call without one', () => {
    const missing = new KfpApiError({ operation: 'list experiments', reason: 'http', status: 400, code: 3, serverMessage: 'Invalid input error: An experiment cannot have an empty namespace in multi-user mode.' });
    expect(missing.message).toBe(
      'list experiments failed (HTTP 400 InvalidArgument): Invalid input error: An experiment cannot have an empty namespace in multi-user mode.; this KFP server is multi-user: set the profile namespace with --namespace, KFP_NAMESPACE, or namespace in kfp-team.yaml',
    );
    const withNamespace = new KfpApiError({ operation: 'list jobs', reason: 'http', status: 400, code: 3, serverMessage: 'bad filter', namespace: 'team-1' });
    expect(withNamespace.message).not.toContain('--namespace');
  });
});
