import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PACKAGE = join(__dirname, '..');
const BIN = join(PACKAGE, 'bin', 'kfp-emulator.js');
const TSC = join(PACKAGE, '..', '..', 'node_modules', 'typescript', 'bin', 'tsc');

/** Collects a child's stdout and waits for lines in it (including lines printed earlier). */
class StdoutWatcher {
  text = '';
  private waiters: (() => void)[] = [];

  constructor(child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk: Buffer) => {
      this.text += chunk.toString();
      this.waiters.forEach((w) => w());
    });
    child.on('exit', () => this.waiters.forEach((w) => w()));
  }

  waitFor(pattern: RegExp): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; got:\n${this.text}`)), 10_000);
      const check = () => {
        const line = this.text.split('\n').find((l) => pattern.test(l));
        if (!line) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve(line);
      };
      this.waiters.push(check);
      check();
    });
  }
}

describe('the kfp-emulator CLI (real process)', () => {
  beforeAll(async () => {
    // The bin runs the compiled dist/; compile it so the test never runs stale code.
    await run(process.execPath, [TSC, '-b', PACKAGE], { timeout: 120_000 });
  }, 130_000);

  it('describes every flag with --help', async () => {
    const { stdout } = await run(process.execPath, [BIN, '--help']);
    for (const flag of ['--port', '--host', '--flavor', '--multi-user', '--users', '--pending-ms', '--running-ms', '--report-ms', '--userid-header', '--userid-prefix', '--latency-ms', '--fail-rate', '--fail-at', '--state-file', '--help']) {
      expect(stdout).toContain(flag);
    }
  });

  it('exits with status 2 and a clear message on a bad flag', async () => {
    await expect(run(process.execPath, [BIN, '--flavor', '9'])).rejects.toMatchObject({
      code: 2,
      stderr: 'kfp-emulator: --flavor must be 2.1 or 2.14, got "9"\n',
    });
  });

  it('refuses a --fail-at kind that no request has, before it starts', async () => {
    await expect(run(process.execPath, [BIN, '--fail-at', 'job.create:1'])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^kfp-emulator: fault rule \[0\]\.kind "job\.create" is not a request kind/),
    });
  });

  it('serves the demo user, logs requests without secrets, injects --fail-at faults and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, '--port', '0', '--multi-user', '--flavor', '2.14', '--fail-at', 'experiments.create:1']);
    const stdout = new StdoutWatcher(child);
    try {
      const line = await stdout.waitFor(/listening on/);
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1];
      expect(url).toBeDefined();
      const auth = { authorization: 'Bearer user1-token' };
      const list = await fetch(`${url}/pipeline/apis/v1beta1/experiments?resource_reference_key.type=NAMESPACE&resource_reference_key.id=team-1`, { headers: auth });
      expect(list.status).toBe(200);
      const body = JSON.stringify({ name: 'e', resource_references: [{ key: { type: 'NAMESPACE', id: 'team-1' }, relationship: 'OWNER' }] });
      const create = () => fetch(`${url}/apis/v1beta1/experiments`, { method: 'POST', headers: auth, body });
      expect((await create()).status).toBe(503);
      expect((await create()).status).toBe(200);
      await stdout.waitFor(/POST \/apis\/v1beta1\/experiments -> 200/);
      expect(stdout.text).toContain('GET /pipeline/apis/v1beta1/experiments -> 200');
      expect(stdout.text).toContain('POST /apis/v1beta1/experiments -> 503');
      expect(stdout.text).not.toContain('user1-token');

      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 30_000);
});
