import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/fixture-workspace';

// The README's first command runs this demo; it must keep working end to end.
test('the main-job demo renders, runs, plans, applies and re-plans with no changes', async () => {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'tools/demo/main-job.mjs')], { cwd: REPO_ROOT, env: { ...process.env, NX_SKIP_NX_CACHE: 'true' } });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect({ code, tail: output.slice(-400) }).toEqual({ code: 0, tail: expect.stringContaining('✔ Demo complete') });
  expect(output).toMatch(/✔ MANUAL::example-pipeline-1__\S+ Succeeded/);
  expect(output).toContain('✔ Applied: 4 created, 2 enabled/disabled/unarchived, 0 deleted.');
  expect(output).toContain('No changes: the namespace matches git (4 unchanged).');
  expect(output).toMatch(/enabled {3}GIT::example-pipeline-1__/);
}, 240_000);
