import { redactSecrets } from '../utils/redact';
import { describeAuth } from './describe-identity';
import { normalizeHost } from './host';
import { DEFAULT_SA_TOKEN_PATH } from './resolve-auth';
import { resolveConnection, type ConnectionSources } from './resolve-connection';

const noFiles = () => false;
const resolve = (sources: Partial<ConnectionSources>) => resolveConnection({ env: {}, fileExists: noFiles, ...sources });

describe('normalizeHost', () => {
  it.each([
    ['deploykf.example.com:8443/pipeline', 'https://deploykf.example.com:8443/pipeline'],
    ['https://deploykf.example.com:8443/pipeline/', 'https://deploykf.example.com:8443/pipeline'],
    ['http://ml-pipeline.kubeflow.svc.cluster.local:8888', 'http://ml-pipeline.kubeflow.svc.cluster.local:8888'],
    ['http://127.0.0.1:8888/', 'http://127.0.0.1:8888'],
    ['https://kf.example.com/pipeline/apis/v1beta1', 'https://kf.example.com/pipeline'],
    ['  HTTPS://KF.example.com  ', 'https://kf.example.com'],
  ])('%s -> %s', (raw, expected) => {
    expect(normalizeHost(raw, 'KFP_HOST')).toBe(expected);
  });

  it('rejects credentials in the URL without echoing them', () => {
    let message = '';
    try {
      normalizeHost('https://admin:s3cr3tpw@kf.example.com', 'KFP_HOST');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('KFP_HOST must not contain a user name or password');
    expect(message).not.toContain('s3cr3tpw');
  });

  it('rejects other schemes, queries and blanks, naming the source', () => {
    expect(() => normalizeHost('ftp://kf.example.com', 'the "host" option')).toThrow('the "host" option must be an http or https URL');
    expect(() => normalizeHost('https://kf.example.com/?x=1', 'KFP_HOST')).toThrow('must not contain a query');
    expect(() => normalizeHost('   ', 'KFP_HOST')).toThrow('KFP_HOST is empty');
  });
});

describe('resolveConnection: precedence', () => {
  const env = { KFP_HOST: 'env.example.com/pipeline', KFP_NAMESPACE: 'env-ns', KFP_UI_URL: 'ui.env.example.com', KFP_CA_FILE: '/env/ca.pem' };

  it('takes everything from the environment when nothing else is set', () => {
    expect(resolve({ env })).toEqual({
      host: 'https://env.example.com/pipeline',
      namespace: 'env-ns',
      uiUrl: 'https://ui.env.example.com',
      caFile: '/env/ca.pem',
      skipTlsVerify: false,
      auth: { method: 'none' },
    });
  });

  it('lets team settings override the environment and target options override both', () => {
    const team = { host: 'team.example.com', namespace: 'team-ns', skipTlsVerify: true };
    expect(resolve({ env, team })).toMatchObject({ host: 'https://team.example.com', namespace: 'team-ns', skipTlsVerify: true, caFile: '/env/ca.pem' });
    expect(resolve({ env, team, options: { host: 'http://127.0.0.1:9000', namespace: 'opt-ns', skipTlsVerify: false } })).toMatchObject({
      host: 'http://127.0.0.1:9000',
      namespace: 'opt-ns',
      skipTlsVerify: false,
    });
  });

  it('treats blank values as unset', () => {
    expect(resolve({ env, team: { namespace: '  ' } }).namespace).toBe('env-ns');
  });

  it('fails clearly without a host', () => {
    expect(() => resolve({ env: {} })).toThrow(/No KFP API host configured: set the "host" option.*KFP_HOST/);
  });

  it('reads KFP_SKIP_TLS_VERIFY only as an explicit yes/no', () => {
    expect(resolve({ env: { ...env, KFP_SKIP_TLS_VERIFY: 'true' } }).skipTlsVerify).toBe(true);
    expect(resolve({ env: { ...env, KFP_SKIP_TLS_VERIFY: '0' } }).skipTlsVerify).toBe(false);
    expect(() => resolve({ env: { ...env, KFP_SKIP_TLS_VERIFY: 'maybe' } })).toThrow('KFP_SKIP_TLS_VERIFY must be true or false');
  });
});

describe('resolveConnection: auth', () => {
  const host = { KFP_HOST: 'kf.example.com' };

  it('detects credentials from the environment in a fixed order', () => {
    const all = { ...host, KFP_TOKEN: 'tok-abcdef', KFP_TOKEN_PATH: '/t', KFP_COOKIE: 'a=bcdef', DEX_USERNAME: 'u@example.com', DEX_PASSWORD: 'pw-123456' };
    expect(resolve({ env: all }).auth).toEqual({ method: 'token', token: 'tok-abcdef', source: 'KFP_TOKEN' });
    expect(resolve({ env: { ...all, KFP_TOKEN: '' } }).auth).toEqual({ method: 'token-file', tokenPath: '/t', source: 'KFP_TOKEN_PATH' });
    expect(resolve({ env: { ...all, KFP_TOKEN: '', KFP_TOKEN_PATH: '' } }).auth).toEqual({ method: 'cookie', cookie: 'a=bcdef', source: 'KFP_COOKIE' });
    expect(resolve({ env: { ...host, DEX_USERNAME: 'u@example.com', DEX_PASSWORD: 'pw-123456', DEX_AUTH_TYPE: 'LDAP' } }).auth).toEqual({
      method: 'dex',
      username: 'u@example.com',
      password: 'pw-123456',
      connector: 'ldap',
      source: 'DEX_USERNAME/DEX_PASSWORD',
    });
  });

  it('falls back to the in-cluster token: KF_PIPELINES_SA_TOKEN_PATH, then the default file when it exists', () => {
    expect(resolve({ env: { ...host, KF_PIPELINES_SA_TOKEN_PATH: '/sa/token' } }).auth).toEqual({ method: 'token-file', tokenPath: '/sa/token', source: 'KF_PIPELINES_SA_TOKEN_PATH' });
    expect(resolve({ env: host, fileExists: (path) => path === DEFAULT_SA_TOKEN_PATH }).auth).toMatchObject({ method: 'token-file', tokenPath: DEFAULT_SA_TOKEN_PATH });
    expect(resolve({ env: host }).auth).toEqual({ method: 'none' });
  });

  it('follows the team method and takes the secret from the environment', () => {
    const env = { ...host, KFP_TOKEN: 'tok-abcdef', DEX_USERNAME: 'u@example.com', DEX_PASSWORD: 'pw-123456' };
    expect(resolve({ env, team: { auth: { method: 'dex', dexConnector: 'ldap' } } }).auth).toMatchObject({ method: 'dex', connector: 'ldap' });
    expect(resolve({ env, team: { auth: { method: 'none' } } }).auth).toEqual({ method: 'none' });
    expect(resolve({ env, team: { auth: { method: 'token-file', tokenPath: '/team/token' } } }).auth).toMatchObject({ method: 'token-file', tokenPath: '/team/token' });
    expect(resolve({ env: host, team: { auth: { method: 'token-file' } } }).auth).toMatchObject({ tokenPath: DEFAULT_SA_TOKEN_PATH });
  });

  it('explains a team method whose secret is missing', () => {
    expect(() => resolve({ env: host, team: { auth: { method: 'token' } } })).toThrow('needs a bearer token in the KFP_TOKEN environment variable');
    expect(() => resolve({ env: host, team: { auth: { method: 'cookie' } } })).toThrow('KFP_COOKIE');
    expect(() => resolve({ env: host, team: { auth: { method: 'dex' } } })).toThrow('DEX_USERNAME and DEX_PASSWORD');
    expect(() => resolve({ env: { ...host, DEX_USERNAME: 'u@example.com' } })).toThrow('only DEX_USERNAME is set');
    expect(() => resolve({ env: { ...host, DEX_USERNAME: 'u', DEX_PASSWORD: 'pw-123456', DEX_AUTH_TYPE: 'github' } })).toThrow('DEX_AUTH_TYPE must be "local" or "ldap"');
  });

  it('takes complete credentials from the target options over everything else', () => {
    const auth = { method: 'token' as const, token: 'opt-token-1234', source: 'the "token" option' };
    expect(resolve({ env: { ...host, KFP_COOKIE: 'a=bcdef' }, options: { auth } }).auth).toEqual(auth);
  });

  it('registers every secret it resolves for redaction', () => {
    resolve({ env: { ...host, KFP_TOKEN: 'tok-registered-1' } });
    resolve({ env: { ...host, KFP_COOKIE: 'session=cookie-registered-2; other=xyz-3' } });
    resolve({ env: { ...host, DEX_USERNAME: 'u@example.com', DEX_PASSWORD: 'pw-registered-4' } });
    const text = 'tok-registered-1 session=cookie-registered-2; other=xyz-3 cookie-registered-2 pw-registered-4';
    expect(redactSecrets(text)).not.toMatch(/registered|xyz-3/);
  });
});

describe('describeAuth', () => {
  it('names where credentials come from, never the secret', () => {
    expect(describeAuth({ method: 'none' })).toBe('no credentials (anonymous)');
    expect(describeAuth({ method: 'token', token: 'sekrit-token', source: 'KFP_TOKEN' })).toBe('bearer token from KFP_TOKEN');
    expect(describeAuth({ method: 'token-file', tokenPath: DEFAULT_SA_TOKEN_PATH })).toBe(`token from ${DEFAULT_SA_TOKEN_PATH}`);
    expect(describeAuth({ method: 'cookie', cookie: 'oauth2_proxy_kubeflow=sekrit; x=y', source: 'KFP_COOKIE' })).toBe('cookie oauth2_proxy_kubeflow, x from KFP_COOKIE');
    expect(describeAuth({ method: 'dex', username: 'user1@example.com', password: 'pw', connector: 'local' })).toBe('user1@example.com via Dex (local connector)');
  });
});
