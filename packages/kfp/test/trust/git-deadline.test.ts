// Git runs only where it can only fetch, and never longer than its deadline:
// a server that accepts the connection and never answers ends in a located
// error with no git process left behind, and a URL that would make git run a
// program (fd::, ext::) is refused before git runs, and by git itself.

import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveFile } from '../../src/pipeline-sources/resolve-file';
import { withDeadline } from '../support/deadline';
import { processesOf, sourceWorkspace, type SourceWorkspace } from './support';

jest.setTimeout(120_000);

let ws: SourceWorkspace;
beforeAll(() => {
  ws = sourceWorkspace();
});
afterAll(() => ws.dispose());

/** Waits (bounded: a hang guard) until `done` holds. */
async function eventually(done: () => boolean, what: string): Promise<void> {
  await withDeadline(
    (async () => {
      while (!done()) await new Promise((resolve) => setTimeout(resolve, 50));
    })(),
    30_000,
    what,
  );
}

describe('a git server that accepts the connection and never answers', () => {
  let server: Server;
  let port: number;
  const open = new Set<Socket>();
  let connections = 0;
  beforeAll(async () => {
    server = createServer((socket) => {
      connections++;
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => undefined);
      // Read and drop the request (a paused socket never reports the other side closing); answer nothing.
      socket.resume();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    // Should the deadline ever fail again, end what the test started.
    for (const { pid } of processesOf(realpathSync(ws.root), `127.0.0.1:${port}/`)) process.kill(pid, 'SIGKILL');
    for (const socket of open) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('ends validate at its deadline with the source located, and leaves no git process running', async () => {
    const url = `http://127.0.0.1:${port}/ml.git`;
    ws.setRun(`{url: "${url}", ref: main, path: pipelines/report/RENDERED_PIPELINE}`);
    const { printed } = await withDeadline(ws.validate({ KFP_GIT_TIMEOUT: '2' }), 60_000, 'validate');
    expect(printed).toBe(
      `teams/team-a/recurring_runs.yaml:2:5 error recurring_runs[0].pipeline_source: cannot read the pipeline: git ${url}@main:pipelines/report/RENDERED_PIPELINE: ` +
        'git ls-remote timed out after 2 s (the server accepted the connection but did not answer); set KFP_GIT_TIMEOUT (seconds) to wait longer',
    );
    expect(connections).toBeGreaterThan(0);
    // git's HTTP helper held the connection: killing git alone would leave it running.
    await eventually(() => open.size === 0, 'the connection to close');
    await eventually(() => processesOf(realpathSync(ws.root), `127.0.0.1:${port}/`).length === 0, 'the git processes to end');
  });
});

describe('git transports that run a program', () => {
  let bin: string;
  let log: string;
  const path = process.env.PATH;
  beforeAll(() => {
    // A git that notes every call before running the real one, first on PATH.
    bin = mkdtempSync(join(tmpdir(), 'kfp-git-log-'));
    log = join(bin, 'calls.log');
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(join(bin, 'git'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${realGit}' "$@"\n`);
    chmodSync(join(bin, 'git'), 0o755);
    process.env.PATH = `${bin}:${path}`;
  });
  afterAll(() => {
    process.env.PATH = path;
    rmSync(bin, { recursive: true, force: true });
  });
  beforeEach(() => rmSync(log, { force: true }));
  const gitCalls = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);

  it('refuses url: "fd::17" and ext:: in validate, before git runs', async () => {
    ws.setRun('{url: "fd::17", ref: main, path: w.yaml}', '[{name: custom_message, valueFrom: {url: "ext::sh -c touch% /tmp/x", ref: main, path: m}}]');
    const { printed } = await ws.validate();
    expect(printed).toBe(
      [
        'teams/team-a/recurring_runs.yaml:2:23 error recurring_runs[0].pipeline_source.url: the git transport "fd::" is not allowed (it runs a program); use https://, http://, ssh://, git://, file://, git@host:repo or a path',
        'teams/team-a/recurring_runs.yaml:3:62 error recurring_runs[0].pipeline_parameters[0].valueFrom.url: the git transport "ext::" is not allowed (it runs a program); use https://, http://, ssh://, git://, file://, git@host:repo or a path',
      ].join('\n'),
    );
    expect(gitCalls()).toEqual([]);
  });

  it('has git itself refuse them when a URL reaches it anyway (GIT_ALLOW_PROTOCOL)', async () => {
    const marker = join(ws.root, 'ext-ran');
    // Without the allow-list git waits on file descriptor 17 for ever (until its own deadline here).
    const ctx = { workspaceRoot: ws.root, projectRoots: new Map(), cacheDir: join(ws.root, '.cache-transports'), env: { KFP_GIT_TIMEOUT: '10' } };
    const read = (url: string) => withDeadline(resolveFile({ kind: 'git', url, ref: 'main', path: 'w.yaml' }, ctx), 20_000, `git with ${url}`);
    await expect(read('fd::17')).rejects.toThrow(/transport 'fd' not allowed/);
    await expect(read(`ext::sh -c touch% ${marker}`)).rejects.toThrow(/transport 'ext' not allowed/);
    expect(existsSync(marker)).toBe(false);
    expect(gitCalls()).toContain('ls-remote origin main main^{}');
  });
});
