import { startEmulator, type RunningEmulator } from 'kfp-emulator';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProjectsFixture, type CommandResult, type FixtureWorkspace } from '../support/fixture-workspace';

// `nx run team-1:plan` / `:reconcile` through the real Nx CLI against the emulator.
jest.setTimeout(300_000);

let ws: FixtureWorkspace;
let emulator: RunningEmulator;
const RUNS = 'projects/teams/team-1/recurring_runs.yaml';

beforeAll(async () => {
  ws = createProjectsFixture();
  emulator = await startEmulator({ multiUser: { users: [{ name: 'ops@example.com', tokens: ['ops-token'], namespaces: ['team-1'] }] } });
});
afterAll(async () => {
  await emulator?.close();
  ws?.dispose();
});

const host = () => `${emulator.url}/pipeline`;
const nx = (target: string, ...args: string[]): Promise<CommandResult> =>
  ws.nxAsync(['run', `team-1:${target}`, `--host=${host()}`, '--output-style=static', ...args], { KFP_TOKEN: 'ops-token' });
const mutating = () => emulator.requests().filter((r) => r.method !== 'GET');
const jobs = () => emulator.dump().jobs.map((j) => ({ name: j.name, enabled: j.enabled, cron: j.trigger?.cron?.cron }));

test('plan shows what would be created and changes nothing', async () => {
  emulator.clearRequests();
  const result = await nx('plan');
  expect(result.code).toBe(0);
  expect(result.output).toContain(`Plan for namespace team-1 at ${host()}`);
  expect(result.output).toMatch(/\+  example-pipeline-1 +create GIT::example-pipeline-1__\S+ \(enabled\)/);
  expect(result.output).toMatch(/\+  training-prod +create GIT::training-prod__/);
  // training-prod runs "0 0 6 * * MON-FRI": at 06:00 UTC on weekdays.
  expect(result.output).toMatch(/next runs: \d{4}-\d\d-\d\d 06:00:00, \d{4}-\d\d-\d\d 06:00:00, \d{4}-\d\d-\d\d 06:00:00 UTC/);
  expect(result.output).toContain('Plan: 6 to add, 0 to change, 0 to delete, 0 unchanged.');
  expect(mutating()).toEqual([]);
  // One listing of each, and (as team-1 deploys a v2 pipeline) whether the server serves v2beta1.
  expect(emulator.requests().map((r) => r.kind).sort()).toEqual(['experiments.list', 'jobs.list', 'v2.healthz']);
});

test('reconcile creates the experiments and enabled recurring runs', async () => {
  const result = await nx('reconcile');
  expect(result.code).toBe(0);
  expect(result.output).toContain('✔ Applied: 6 added, 0 changed, 0 deleted.');
  const state = emulator.dump();
  expect(state.experiments.map((e) => e.name).sort()).toEqual(['example-pipeline-1', 'forecast', 'training']);
  expect(jobs().map((j) => ({ ...j, name: j.name.replace(/__.*/, '') }))).toEqual([
    { name: 'GIT::example-pipeline-1', enabled: true, cron: '0 0 0 * * *' },
    { name: 'GIT::training-prod', enabled: true, cron: '0 0 6 * * MON-FRI' },
    { name: 'GIT::forecast-hourly', enabled: true, cron: undefined },
  ]);
  const training = state.jobs.find((j) => j.name.startsWith('GIT::training-prod'))!;
  // Only declared parameters are sent; the others keep the workflow's defaults, as in the reference.
  expect(training.pipelineSpec.parameters).toEqual([{ name: 'epochs', value: '25' }]);
  expect(training.serviceAccount).toBe('default-editor');
});

test('a second reconcile makes no mutating request', async () => {
  emulator.clearRequests();
  const result = await nx('reconcile');
  expect(result.code).toBe(0);
  expect(result.output).toContain('No changes: the namespace matches git (6 unchanged).');
  expect(mutating()).toEqual([]);
});

test('a cron change makes a new version, disables the old one and trims history to keep_history', async () => {
  for (const hour of [1, 2, 3]) {
    ws.write(RUNS, ws.read(RUNS).replace(/cron: "0 0 \d+ \* \* \*"/, `cron: "0 0 ${hour} * * *"`));
    const result = await nx('reconcile');
    expect(result.code).toBe(0);
    expect(result.output).toContain(`cron: "0 0 ${hour - 1 === 0 ? 0 : hour - 1} * * *" -> "0 0 ${hour} * * *"`);
  }
  const versions = jobs().filter((j) => j.name.startsWith('GIT::example-pipeline-1__'));
  // keep_history 2: the newest plus two older versions; only the newest enabled.
  expect(versions.map((j) => [j.enabled, j.cron])).toEqual([
    [false, '0 0 1 * * *'],
    [false, '0 0 2 * * *'],
    [true, '0 0 3 * * *'],
  ]);
});

test('--output json, --output markdown with the GitHub job summary, and --detailed-exitcode', async () => {
  ws.write(RUNS, ws.read(RUNS).replace('max_concurrency: 1\n      service_account: ~\n      trigger:\n        catchup: false\n        start_date', 'max_concurrency: 2\n      service_account: ~\n      trigger:\n        catchup: false\n        start_date'));
  const json = await nx('plan', '--output=json');
  const plan = JSON.parse(json.stdout.split('\n').find((l) => l.startsWith('{"namespace"'))!);
  expect(plan.summary).toEqual({ add: 0, change: 1, delete: 0, unchanged: 5 });
  expect(plan.recurringRuns.find((r: { name: string }) => r.name === 'training-prod').differences).toEqual([{ field: 'max_concurrency', actual: 1, desired: 2 }]);

  const summary = join(mkdtempSync(join(tmpdir(), 'kfp-summary-')), 'summary.md');
  const markdown = await ws.nxAsync(['run', 'team-1:plan', `--host=${host()}`, '--output=markdown'], { KFP_TOKEN: 'ops-token', GITHUB_STEP_SUMMARY: summary });
  expect(markdown.code).toBe(0);
  const written = readFileSync(summary, 'utf8');
  expect(written).toContain('### KFP plan for namespace `team-1`');
  expect(written).toContain('| ~ | recurring run | [training-prod](');
  expect(written).toContain('- `max_concurrency`: 1 → 2');

  const detailed = await nx('plan', '--detailed-exitcode');
  expect(detailed.code).not.toBe(0);
  expect(detailed.output).toContain('Plan: 0 to add, 1 to change');
});

test('an invalid team folder fails before any request reaches the cluster', async () => {
  ws.write(RUNS, ws.read(RUNS).replace('max_concurrency: 2', 'max_concurrency: 0'));
  emulator.clearRequests();
  const result = await nx('reconcile');
  expect(result.code).not.toBe(0);
  expect(result.output).toContain('The team folder has errors; nothing was changed.');
  expect(result.output).toMatch(/recurring_runs\.yaml:\d+:\d+ error recurring_runs\[1\]\.job\.max_concurrency: must be between 1 and 10 \(got 0\)/);
  expect(emulator.requests()).toEqual([]);
});

test('credentials never appear in the output', async () => {
  const result = await ws.nxAsync(['run', 'team-1:plan', `--host=${host()}`, '--verbose'], { KFP_TOKEN: 'ops-token' });
  expect(result.output).not.toContain('ops-token');
});
