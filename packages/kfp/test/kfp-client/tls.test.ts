import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKfpClient } from '../../src/connection/create-kfp-client';
import type { ConnectionOptions } from '../../src/connection/types';
import { FakeGateway, json } from './support/fake-gateway';
import { Transcript } from './support/harness';

/** A KFP endpoint behind a self-signed certificate (generated with openssl for 127.0.0.1). */
describe('TLS: custom CA file and skipTlsVerify', () => {
  let dir: string;
  let gateway: FakeGateway;
  let caFile: string;
  const transcript = new Transcript();

  const connection = (extra: Partial<ConnectionOptions>): ConnectionOptions => ({
    host: `${gateway.url}/pipeline`,
    auth: { method: 'none' },
    skipTlsVerify: false,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...extra,
  });
  const options = () => ({ log: transcript.log, warn: transcript.log, sleep: transcript.sleep });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kfp-tls-test-'));
    caFile = join(dir, 'cert.pem');
    const keyFile = join(dir, 'key.pem');
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile, '-out', caFile, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
      { stdio: 'ignore' },
    );
    gateway = await FakeGateway.start({ key: readFileSync(keyFile, 'utf8'), cert: readFileSync(caFile, 'utf8') });
    gateway.script(json(200, { multi_user: false, tag_name: '2.1.0' }));
  });
  afterAll(async () => {
    await gateway?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an untrusted certificate, says how to fix it, and does not retry', async () => {
    transcript.sleeps.length = 0;
    const client = await createKfpClient(connection({}), options());
    const error = await transcript.apiFailure(client.healthz());
    expect(error.reason).toBe('network');
    expect(error.message).toContain('the server certificate is not trusted: give its CA with caFile (KFP_CA_FILE)');
    expect(transcript.sleeps).toEqual([]);
  });

  it('trusts the certificate given with caFile', async () => {
    const client = await createKfpClient(connection({ caFile }), options());
    expect((await client.healthz()).tagName).toBe('2.1.0');
  });

  it('skipTlsVerify connects anyway and warns once per host', async () => {
    const warnings = () => transcript.lines.filter((line) => line.startsWith('WARNING: TLS certificate verification is turned off'));
    const first = await createKfpClient(connection({ skipTlsVerify: true }), options());
    const second = await createKfpClient(connection({ skipTlsVerify: true }), options());
    expect((await first.healthz()).tagName).toBe('2.1.0');
    expect((await second.healthz()).tagName).toBe('2.1.0');
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toContain(gateway.url);
  });

  it('a missing CA file is a configuration error naming the file', async () => {
    const missing = join(dir, 'nope.pem');
    await expect(createKfpClient(connection({ caFile: missing }), options())).rejects.toThrow(`cannot read the CA file ${missing} (caFile / KFP_CA_FILE): ENOENT`);
  });
});
