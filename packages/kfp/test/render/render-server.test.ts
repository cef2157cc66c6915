import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScriptRequest } from '../../src/python/render-server';
import { useRenderServer } from './support/render-server-harness';

// The render server's own contract, with the real interpreter: each script in a
// forked child, its exit reported as it happens (the server waits on child exits,
// it does not poll), a script past its time limit stopped.
const harness = useRenderServer('v1', 'kfp-render-server-test-');

function request(name: string, source: string, timeoutSec = 60): ScriptRequest {
  const script = join(harness.dir, `${name}.py`);
  writeFileSync(script, source);
  return { script, cwd: harness.dir, args: [], sysPath: [harness.dir], log: join(harness.dir, `${name}.log`), timeoutSec };
}

test('many scripts at once: each exit reaches the request that started it', async () => {
  const codes = [0, 3, 5, 7, 11, 13, 17, 19];
  const exits = await Promise.all(codes.map((code) => harness.server.run(request(`exit-${code}`, `import sys, time\ntime.sleep(${code % 3} / 20)\nsys.exit(${code})\n`))));
  expect(exits.map((e) => e.exitCode)).toEqual(codes);
  expect(exits.every((e) => e.signal === null && !e.timedOut)).toBe(true);
});

test('a script killed by a signal is reported with the signal', async () => {
  const exit = await harness.server.run(request('killed', 'import os, signal\nos.kill(os.getpid(), signal.SIGTERM)\n'));
  expect(exit).toMatchObject({ exitCode: null, signal: 15, timedOut: false });
});

test('a script waits for its own subprocesses as usual, and the server goes on serving', async () => {
  const source = 'import subprocess, sys\nprint("child exit", subprocess.run([sys.executable, "-c", "raise SystemExit(4)"]).returncode)\n';
  const exit = await harness.server.run(request('spawns', source));
  expect(exit.exitCode).toBe(0);
  expect(readFileSync(join(harness.dir, 'spawns.log'), 'utf8')).toBe('child exit 4\n');
  expect((await harness.server.run(request('after', 'pass\n'))).exitCode).toBe(0);
});

test('a script past its time limit is stopped, the others are not', async () => {
  const [slow, quick] = await Promise.all([harness.server.run(request('slow', 'import time\ntime.sleep(120)\n', 1)), harness.server.run(request('quick', 'pass\n', 1))]);
  expect(slow).toMatchObject({ exitCode: null, signal: 9, timedOut: true });
  expect(quick).toMatchObject({ exitCode: 0, timedOut: false });
});
