import { startEmulator, type RunningEmulator } from 'kfp-emulator';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKfpClient } from '../../src/connection/create-kfp-client';
import { resolveConnection } from '../../src/connection/resolve-connection';
import { applyPlan } from '../../src/reconcile/apply';
import type { ReconcilePlan } from '../../src/reconcile/model';
import { reconcileTeam, type ReconcileOptions } from '../../src/reconcile/reconcile-team';
import { repoPipelineProjects, REPO_ROOT } from '../support/fixture-workspace';

// Interrupt reconcile at every kind of step, then check that the next reconcile
// converges: one enabled version per recurring run, the newest as declared,
// history within keep_history, and a further run with nothing to do.
jest.setTimeout(120_000);

let root: string;
let emulator: RunningEmulator;
const TEAM = 'projects/teams/team-1';
const RUNS = join(TEAM, 'recurring_runs.yaml');
let baseRuns: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'kfp-interrupt-'));
  for (const path of ['projects/pipelines', 'projects/common_python', 'projects/teams']) cpSync(join(REPO_ROOT, path), join(root, path), { recursive: true });
  baseRuns = readFileSync(join(root, RUNS), 'utf8').replace('keep_history: 2', 'keep_history: 0');
  emulator = await startEmulator({});
});
afterAll(async () => {
  await emulator?.close();
  rmSync(root, { recursive: true, force: true });
});

let clock = Date.parse('2026-11-24T12:00:00Z');
async function reconcile(cronHour: number, options: ReconcileOptions = {}) {
  writeFileSync(join(root, RUNS), baseRuns.replace('cron: "0 0 0 * * *"', `cron: "0 0 ${cronHour} * * *"`));
  const printed: string[] = [];
  clock += 60_000;
  const outcome = await reconcileTeam({
    folder: join(root, TEAM),
    sources: { workspaceRoot: root, projectRoots: repoPipelineProjects(), cacheDir: join(root, '.cache'), env: {} },
    options: { host: `${emulator.url}/pipeline`, ...options },
    env: {},
    print: (t) => printed.push(t),
    now: () => new Date(clock),
  });
  return { ...outcome, printed: printed.join('\n') };
}

function assertConverged(cronHour: number) {
  const jobs = emulator.dump().jobs;
  for (const name of ['example-pipeline-1', 'training-prod', 'forecast-hourly']) {
    const versions = jobs.filter((j) => j.name.startsWith(`GIT::${name}__`)).sort((a, b) => (a.name < b.name ? 1 : -1));
    expect({ name, enabled: versions.filter((v) => v.enabled).map((v) => v.name) }).toEqual({ name, enabled: [versions[0].name] });
    if (name === 'example-pipeline-1') {
      expect(versions[0].trigger?.cron?.cron).toBe(`0 0 ${cronHour} * * *`);
      expect(versions).toHaveLength(1); // keep_history 0: only the newest
    }
  }
}

beforeEach(async () => {
  emulator.reset();
  emulator.clearFaults();
  expect((await reconcile(0)).exitCode).toBe(0);
});

test.each(['jobs.create', 'jobs.disable', 'jobs.enable', 'jobs.delete'])('a failure at the first %s, then a re-run that converges', async (kind) => {
  emulator.injectFaults([{ kind, at: [1], status: 500 }]);
  const failed = await reconcile(7);
  expect(failed.exitCode).toBe(1);
  expect(failed.printed).toMatch(/✖ example-pipeline-1: /);
  emulator.clearFaults();

  const again = await reconcile(7);
  expect(again.exitCode).toBe(0);
  assertConverged(7);
  emulator.clearRequests();
  const idle = await reconcile(7);
  expect(idle.plan?.hasChanges).toBe(false);
  expect(emulator.requests().filter((r) => r.method !== 'GET')).toEqual([]);
});

test('a process killed after any number of steps: the next reconcile converges', async () => {
  const dry = await reconcile(9, { dryRun: true });
  const plan = dry.plan!;
  const steps = plan.recurringRuns.find((r) => r.name === 'example-pipeline-1')!.steps;
  expect(steps.map((s) => s.op)).toEqual(['createJob', 'disableJob', 'enableJob', 'deleteJob']);
  const client = await createKfpClient(resolveConnection({ options: { host: `${emulator.url}/pipeline` }, env: {} }));
  for (let done = 0; done <= steps.length; done++) {
    emulator.reset();
    expect((await reconcile(0)).exitCode).toBe(0);
    const planned = (await reconcile(9, { dryRun: true })).plan!;
    const run = planned.recurringRuns.find((r) => r.name === 'example-pipeline-1')!;
    const truncated: ReconcilePlan = { ...planned, unmanaged: [], recurringRuns: [{ ...run, steps: run.steps.slice(0, done) }] };
    const applied = await applyPlan(truncated, client, { concurrency: 1, namespace: 'team-1' });
    expect(applied.events.filter((e) => e.status === 'failed')).toEqual([]);
    expect((await reconcile(9)).exitCode).toBe(0);
    assertConverged(9);
  }
});
