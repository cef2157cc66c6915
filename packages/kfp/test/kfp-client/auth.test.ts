import { mkdtempSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from 'kfp-emulator';
import { createKfpClient } from '../../src/connection/create-kfp-client';
import { DexLoginError } from '../../src/connection/dex-login';
import { resolveConnection } from '../../src/connection/resolve-connection';
import { connect, connectionFor, Transcript, type Emulator } from './support/harness';

/* Credentials of the emulated users; none of them may ever show up in a message or log line. */
const USER1 = { name: 'user1@example.com', password: 'dex-pass-u1-Kq8', token: 'tok-user1-7f3a9c21', cookie: 'authservice_session=cookie-user1-5e6d7f' };
const USER2 = { name: 'user2@example.com', password: 'dex-pass-u2-Zr4', token: 'tok-user2-1b2c3d4e' };
const WRONG_TOKEN = 'tok-nobody-00ff00ff';
const WRONG_PASSWORD = 'not-the-password-9x';
const SECRETS = [USER1.password, USER1.token, 'cookie-user1-5e6d7f', USER2.password, USER2.token, WRONG_TOKEN, WRONG_PASSWORD];

describe('authentication against a multi-user emulator', () => {
  let emulator: Emulator;
  let workdir: string;
  const transcript = new Transcript();

  beforeAll(async () => {
    emulator = await startEmulator({
      clock: 'manual',
      multiUser: {
        users: [
          { name: USER1.name, password: USER1.password, tokens: [USER1.token], cookies: [USER1.cookie], namespaces: ['team-1'] },
          { name: USER2.name, password: USER2.password, tokens: [USER2.token], namespaces: ['team-2'] },
        ],
      },
    });
    workdir = mkdtempSync(join(tmpdir(), 'kfp-auth-test-'));
  });
  afterAll(async () => {
    await emulator?.close();
    rmSync(workdir, { recursive: true, force: true });
  });

  const lastIdentity = () => emulator.requests().at(-1)?.identity;

  it('bearer token from a string: works in the user’s namespace', async () => {
    const client = await connect(emulator, transcript, { namespace: 'team-1', auth: { method: 'token', token: USER1.token, source: 'KFP_TOKEN' } });
    expect((await client.healthz()).multiUser).toBe(true);
    const experiment = await client.createExperiment({ name: 'token-exp', namespace: 'team-1' });
    expect(experiment.namespace).toBe('team-1');
    expect((await client.findExperimentByName('team-1', 'token-exp'))?.id).toBe(experiment.id);
    expect(lastIdentity()).toBe(USER1.name);
  });

  it('403 names the namespace and the identity, not the token', async () => {
    const client = await connect(emulator, transcript, { namespace: 'team-1', auth: { method: 'token', token: USER1.token, source: 'KFP_TOKEN' } });
    const error = await transcript.apiFailure(client.listExperiments('team-2'));
    expect(error.status).toBe(403);
    expect(error.message).toContain('namespace "team-2"');
    expect(error.message).toContain('bearer token from KFP_TOKEN');
    expect(error.message).not.toContain(USER1.token);
  });

  it('401 for an unknown token names the namespace and the identity', async () => {
    const client = await connect(emulator, transcript, { namespace: 'team-1', auth: { method: 'token', token: WRONG_TOKEN, source: 'KFP_TOKEN' } });
    const error = await transcript.apiFailure(client.listExperiments('team-1'));
    expect(error.status).toBe(401);
    expect(error.unauthenticated).toBe(true);
    expect(error.message).toContain('namespace "team-1"');
    expect(error.message).toContain('bearer token from KFP_TOKEN');
  });

  it('no credentials at all: an error that says so', async () => {
    const client = await connect(emulator, transcript, { namespace: 'team-1' });
    const error = await transcript.apiFailure(client.listExperiments('team-1'));
    expect(error.unauthenticated).toBe(true);
    expect(error.message).toContain('no credentials (anonymous)');
  });

  it('token file: re-read when it is rotated mid-session', async () => {
    const tokenPath = join(workdir, 'token');
    writeFileSync(tokenPath, `${USER1.token}\n`);
    const client = await connect(emulator, transcript, { namespace: 'team-1', auth: { method: 'token-file', tokenPath } });
    await client.listExperiments('team-1');
    expect(lastIdentity()).toBe(USER1.name);

    // Rotate the way kubelet does: write a new file and rename it over the old one.
    const next = join(workdir, 'token.next');
    writeFileSync(next, USER2.token);
    renameSync(next, tokenPath);
    await client.listExperiments('team-2');
    expect(lastIdentity()).toBe(USER2.name);

    const error = await transcript.apiFailure(client.listExperiments('team-1'));
    expect(error.status).toBe(403);
    expect(error.message).toContain(`token from ${tokenPath}`);
  });

  it('token file: a missing file fails before any request, naming the path', async () => {
    const missing = join(workdir, 'does-not-exist');
    const error = await transcript.failure(createKfpClient(connectionFor(emulator, { auth: { method: 'token-file', tokenPath: missing } })));
    expect(error.message).toBe(`cannot read the KFP token file ${missing}: it does not exist`);
  });

  it('raw cookie string', async () => {
    const client = await connect(emulator, transcript, { namespace: 'team-1', auth: { method: 'cookie', cookie: USER1.cookie, source: 'KFP_COOKIE' } });
    await client.listExperiments('team-1');
    expect(lastIdentity()).toBe(USER1.name);
    const error = await transcript.apiFailure(client.listExperiments('team-2'));
    expect(error.message).toContain('cookie authservice_session from KFP_COOKIE');
  });

  it.each(['local', 'ldap'] as const)('Dex login through the %s connector, from environment variables', async (connector) => {
    const connection = resolveConnection({
      env: { KFP_HOST: `${emulator.url}/pipeline`, KFP_NAMESPACE: 'team-2', DEX_USERNAME: USER2.name, DEX_PASSWORD: USER2.password, DEX_AUTH_TYPE: connector },
      fileExists: () => false,
    });
    const client = await createKfpClient({ ...connection, retry: { baseDelayMs: 1, maxDelayMs: 5 } }, { log: transcript.log, warn: transcript.log });
    const experiment = await client.createExperiment({ name: `dex-${connector}`, namespace: 'team-2' });
    expect(experiment.namespace).toBe('team-2');
    expect(lastIdentity()).toBe(USER2.name);
    const denied = await transcript.apiFailure(client.listExperiments('team-1'));
    expect(denied.status).toBe(403);
    expect(denied.message).toContain(`${USER2.name} via Dex (${connector} connector)`);
  });

  it('Dex login with a wrong password is rejected before any API call', async () => {
    emulator.clearRequests();
    const error = await transcript.failure(
      createKfpClient(connectionFor(emulator, { auth: { method: 'dex', username: USER1.name, password: WRONG_PASSWORD, connector: 'local' } })),
    );
    expect(error).toBeInstanceOf(DexLoginError);
    expect(error.message).toMatch(/^Dex rejected the credentials for user1@example\.com/);
    expect(emulator.requests().filter((request) => request.kind.startsWith('experiments'))).toHaveLength(0);
  });

  it('Dex session: logs in again once when the gateway rejects the session', async () => {
    const client = await connect(emulator, transcript, { namespace: 'team-1', auth: { method: 'dex', username: USER1.name, password: USER1.password, connector: 'local' } });
    await client.listExperiments('team-1');
    emulator.clearRequests();
    emulator.injectFaults([{ kind: 'experiments.list', status: 401, at: [1] }]);
    await client.listExperiments('team-1');
    const sequence = emulator.requests().map((request) => request.kind);
    expect(sequence[0]).toBe('experiments.list');
    expect(sequence).toContain('dex.login');
    expect(sequence.at(-1)).toBe('experiments.list');
    expect(lastIdentity()).toBe(USER1.name);
    expect(transcript.lines.some((line) => line.includes('credentials rejected, logging in again'))).toBe(true);
  });

  it('Dex session: a second rejection is reported, not looped on', async () => {
    const client = await connect(emulator, transcript, { namespace: 'team-1', auth: { method: 'dex', username: USER1.name, password: USER1.password, connector: 'local' } });
    emulator.clearFaults();
    emulator.injectFaults([{ kind: 'experiments.list', status: 401 }]);
    const first = await transcript.apiFailure(client.listExperiments('team-1'));
    expect(first.status).toBe(401);
    expect(first.message).toContain(`${USER1.name} via Dex (local connector)`);
    emulator.clearRequests();
    const second = await transcript.apiFailure(client.listExperiments('team-1'));
    expect(second.status).toBe(401);
    expect(emulator.requests().map((request) => request.kind)).toEqual(['experiments.list']);
    emulator.clearFaults();
  });

  it('leaks no token, cookie or password into any message or log line', () => {
    expect(transcript.lines.length).toBeGreaterThan(20);
    expect(transcript.leaks(SECRETS)).toEqual([]);
  });
});
