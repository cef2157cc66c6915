import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from './readme-commands';

export interface LocalRegistry {
  url: string;
  /** An auth token for publishing. */
  token: string;
  close(): Promise<void>;
}

/** The packages this repository publishes: served only from the local registry, never from the uplink. */
const LOCAL_PACKAGES = ['kfp', 'kfp-emulator'];

/**
 * A real npm registry (verdaccio) on a loopback port. Packages of this
 * repository are published to it; everything else comes through its uplink,
 * the registry npm is configured with here.
 */
export async function startLocalRegistry(folder: string): Promise<LocalRegistry> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const uplink = spawnSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).stdout.trim();
  mkdirSync(folder, { recursive: true });
  const config = join(folder, 'config.yaml');
  writeFileSync(
    config,
    [
      `storage: ${join(folder, 'storage')}`,
      'auth:',
      '  htpasswd:',
      `    file: ${join(folder, 'htpasswd')}`,
      'uplinks:',
      '  upstream:',
      `    url: ${uplink}`,
      '    timeout: 120s',
      'packages:',
      ...LOCAL_PACKAGES.flatMap((name) => [`  '${name}':`, '    access: $all', '    publish: $authenticated']),
      "  '**':",
      '    access: $all',
      '    proxy: upstream',
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n'),
  );
  const server: ChildProcess = spawn(process.execPath, [join(REPO_ROOT, 'node_modules/verdaccio/bin/verdaccio'), '--config', config, '--listen', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  server.stdout?.on('data', (d) => (log += d));
  server.stderr?.on('data', (d) => (log += d));
  const close = () =>
    new Promise<void>((resolve) => {
      if (server.exitCode !== null) return resolve();
      server.once('exit', () => resolve());
      server.kill('SIGTERM');
    });
  try {
    await waitFor(async () => (await fetch(`${url}/-/ping`)).ok, 60_000, () => `verdaccio did not start:\n${log}`);
    const token = await addUser(url);
    return { url, token, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function addUser(url: string): Promise<string> {
  const name = 'e2e';
  const response = await fetch(`${url}/-/user/org.couchdb.user:${name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password: 'e2e-password', email: 'e2e@example.com', type: 'user' }),
  });
  const body = (await response.json()) as { token?: string };
  if (!body.token) throw new Error(`verdaccio did not register the publishing user: ${response.status} ${JSON.stringify(body)}`);
  return body.token;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, message: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(message());
    await new Promise((r) => setTimeout(r, 200));
  }
}

export { freePort };
