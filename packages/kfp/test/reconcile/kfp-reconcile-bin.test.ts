import { startEmulator, type RunningEmulator } from 'kfp-emulator';
import { join } from 'node:path';
import { createProjectsFixture, nxTestEnvironment, REPO_ROOT, runCommand, type FixtureWorkspace } from '../support/fixture-workspace';

// kfp-reconcile: the same reconcile outside Nx's task runner, so CI gets the real exit codes.
jest.setTimeout(120_000);

let ws: FixtureWorkspace;
let emulator: RunningEmulator;
beforeAll(async () => {
  ws = createProjectsFixture();
  emulator = await startEmulator({});
});
afterAll(async () => {
  await emulator?.close();
  ws?.dispose();
});

const kfpReconcile = (...args: string[]) =>
  runCommand(process.execPath, [join(REPO_ROOT, 'packages/kfp/bin/kfp-reconcile.js'), 'projects/teams/team-1', `--host=${emulator.url}/pipeline`, ...args], {
    cwd: ws.root,
    env: nxTestEnvironment(ws.root),
  });

test('--dry-run --detailed-exitcode exits 2 with changes, 0 once applied', async () => {
  const planned = await kfpReconcile('--dry-run', '--detailed-exitcode');
  expect(planned.code).toBe(2);
  expect(planned.output).toContain('Plan: 6 to add, 0 to change, 0 to delete, 0 unchanged.');
  expect(emulator.requests().filter((r) => r.method !== 'GET')).toEqual([]);

  const applied = await kfpReconcile('--output', 'json');
  expect(applied.code).toBe(0);
  expect(JSON.parse(applied.stdout.trim().split('\n').at(-1)!)).toMatchObject({ ok: true });

  const idle = await kfpReconcile('--dry-run', '--detailed-exitcode');
  expect(idle.code).toBe(0);
  expect(idle.output).toContain('No changes');
});

test('the plan says how many API requests applying it makes, and applying makes that many', async () => {
  const runs = 'projects/teams/team-1/recurring_runs.yaml';
  const before = ws.read(runs);
  // A new version of the v1 and of the v2 run (the v2 create also asks whether the server is multi-user).
  ws.write(runs, before.replace('cron: "0 0 0 * * *"', 'cron: "0 30 0 * * *"').replace(/interval_seconds: (\d+)/, (_, s: string) => `interval_seconds: ${Number(s) * 2}`));
  const planned = await kfpReconcile('--dry-run');
  const stated = Number(/Applying it makes (\d+) API requests: (\d+) for the steps/.exec(planned.output)?.[1]);
  expect(stated).toBeGreaterThan(0);

  emulator.clearRequests();
  expect((await kfpReconcile()).code).toBe(0);
  const requests = emulator.requests();
  // From the lock on: what the plan counted (the listing the plan itself is made from comes before).
  const fromLock = requests.slice(requests.findIndex((r) => r.method !== 'GET'));
  expect(fromLock.length).toBe(stated);
  ws.write(runs, before);
  expect((await kfpReconcile()).code).toBe(0);
});

test('--help lists the options; an unknown option is an error', async () => {
  const help = await runCommand(process.execPath, [join(REPO_ROOT, 'packages/kfp/bin/kfp-reconcile.js'), '--help'], { cwd: ws.root, env: nxTestEnvironment(ws.root) });
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('Usage: kfp-reconcile <team-folder> [options]');
  expect(help.stdout).toContain('--detailed-exitcode');
  const bad = await kfpReconcile('--dryrun');
  expect(bad.code).toBe(1);
  expect(bad.output).toContain('unknown option --dryrun (see kfp-reconcile --help)');
});

test('an entry removed from git is reported and left alone; --prune disables it, --prune-delete deletes it', async () => {
  const runs = 'projects/teams/team-1/recurring_runs.yaml';
  const text = ws.read(runs);
  ws.write(runs, text.slice(0, text.indexOf('\n  - pipeline_source:\n      project: "training-pipeline"')) + '\n');
  const training = () => emulator.dump().jobs.filter((j) => j.name.startsWith('GIT::training-prod__'));

  const report = await kfpReconcile();
  expect(report.code).toBe(0);
  expect(report.output).toMatch(/\?  training-prod +1 version, 1 enabled  left alone \(use --prune to disable, --prune-delete to delete\)/);
  expect(training().map((j) => j.enabled)).toEqual([true]);

  expect((await kfpReconcile('--prune')).code).toBe(0);
  expect(training().map((j) => j.enabled)).toEqual([false]);

  expect((await kfpReconcile('--prune-delete')).code).toBe(0);
  expect(training()).toEqual([]);
});

test('a project only the graph can name is found through it; an unknown one is refused as validate refuses it', async () => {
  // A package.json may rename a pipeline (the package manager's workspaces decide), so kfp-reconcile asks Nx's graph.
  ws.copyFromRepo('projects/pipelines/example-pipeline-1', 'projects/pipelines/packaged-pipeline');
  ws.write('projects/pipelines/packaged-pipeline/package.json', JSON.stringify({ name: 'some-package', private: true }));
  ws.write('projects/teams/team-2/experiments.yaml', 'experiments:\n  - name: "e"\n    description: "d"\n');
  const team = (project: string) =>
    ws.write(
      'projects/teams/team-2/recurring_runs.yaml',
      `recurring_runs:\n  - pipeline_source:\n      project: "${project}"\n    job:\n      enabled: true\n      name: "r"\n      experiment: "e"\n      max_concurrency: 1\n      trigger:\n        catchup: false\n        cron: "0 0 0 * * *"\n`,
    );
  const plan = () =>
    runCommand(process.execPath, [join(REPO_ROOT, 'packages/kfp/bin/kfp-reconcile.js'), 'projects/teams/team-2', '--dry-run', `--host=${emulator.url}/pipeline`], {
      cwd: ws.root,
      env: nxTestEnvironment(ws.root),
    });

  team('packaged-pipeline');
  const found = await plan();
  expect(found.output).toMatch(/\+  r +create GIT::r__/);
  expect(found.code).toBe(0);

  team('ghost');
  const unknown = await plan();
  expect(unknown.code).toBe(1);
  expect(unknown.output).toContain('unknown project "ghost": there is no Nx project of that name in the workspace');
});
