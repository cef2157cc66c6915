import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/fixture-workspace';

// The README's first command runs this demo; it must keep working end to end.
test('the main-job demo renders, runs, plans, applies, re-plans with no changes, deploys a change and lets a day of schedules fire', async () => {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'tools/demo/main-job.mjs')], { cwd: REPO_ROOT, env: { ...process.env, NX_SKIP_NX_CACHE: 'true' } });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect({ code, tail: output.slice(-400) }).toEqual({ code: 0, tail: expect.stringContaining('✔ Demo complete') });
  expect(output).toMatch(/✔ MANUAL::example-pipeline-1__\S+ Succeeded/);
  expect(output).toMatch(/✔ MANUAL::forecast-pipeline__\S+ Succeeded/);
  expect(output).toContain('✔ Applied: 6 added, 0 changed, 0 deleted.');
  expect(output).toContain('No changes: the namespace matches git (6 unchanged).');
  expect(output).toMatch(/enabled {3}GIT::example-pipeline-1__/);
  // The second deploy replaces example-pipeline-1's version; a day later only enabled versions have run.
  expect(output).toContain('✔ Applied: 0 added, 1 changed, 0 deleted.');
  // Under its own lock, a reconcile does not report the namespace as locked.
  expect(output).not.toContain('Locked: a reconcile by');
  const day = output.slice(output.indexOf("A day later on the emulator's clock"));
  expect(day).toMatch(/\n {2}disabled {2}GIT::example-pipeline-1__\S+ +0 runs\n/);
  expect(day).toMatch(/\n {2}enabled {3}GIT::example-pipeline-1__\S+ +1 run {2}\(latest: gitexample-pipeline-1\S+-1-\d+, Succeeded\)\n/);
  // Weekday mornings only: a day may hold none (Friday night to Saturday night).
  expect(day).toMatch(/\n {2}enabled {3}GIT::training-prod__\S+ +\d+ runs?/);
  // The v2 recurring run fires every hour.
  expect(day).toMatch(/\n {2}enabled {3}GIT::forecast-hourly__\S+ +2[45] runs {2}\(latest: \S+, \w+\)\n/);
}, 240_000);
