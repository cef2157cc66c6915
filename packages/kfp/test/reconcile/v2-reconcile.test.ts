import { startEmulator, type RunningEmulator } from 'kfp-emulator';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reconcileTeam, type ReconcileOptions } from '../../src/reconcile/reconcile-team';
import { REPO_ROOT } from '../support/fixture-workspace';

// Recurring runs of KFP v2 pipelines (compiled by the real kfp 2.8.0) beside a
// v1 one, against the emulator as a single-user KFP 2.1 server: versions are
// v2beta1 recurring runs with typed parameters, planned and repaired exactly as
// v1 jobs are, and a run can move from a v1 render to a v2 render.
jest.setTimeout(120_000);

const V2_FIXTURES = join(REPO_ROOT, 'packages/kfp-emulator/test/fixtures/v2');
let root: string;
let emulator: RunningEmulator;
let clock = Date.parse('2026-11-30T09:00:00Z');

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'kfp-v2-reconcile-'));
  mkdirSync(join(root, 'pipelines/typed/RENDERED_PIPELINE'), { recursive: true });
  cpSync(join(V2_FIXTURES, 'typed-pipeline.yaml'), join(root, 'pipelines/typed/RENDERED_PIPELINE/pipeline.yaml'));
  mkdirSync(join(root, 'pipelines/k8s/RENDERED_PIPELINE'), { recursive: true });
  cpSync(join(V2_FIXTURES, 'kubernetes-pipeline.yaml'), join(root, 'pipelines/k8s/RENDERED_PIPELINE/pipeline.yaml'));
  cpSync(join(REPO_ROOT, 'projects/pipelines/example-pipeline-1/RENDERED_PIPELINE'), join(root, 'pipelines/classic/RENDERED_PIPELINE'), { recursive: true });
  mkdirSync(join(root, 'team'), { recursive: true });
  writeFileSync(join(root, 'team/experiments.yaml'), 'experiments:\n  - name: training\n');
  emulator = await startEmulator({});
});
afterAll(async () => {
  await emulator?.close();
  rmSync(root, { recursive: true, force: true });
});

function writeRuns({ epochs = '10', moved = 'classic' }: { epochs?: string; moved?: 'classic' | 'typed' } = {}) {
  const job = (name: string, cron: string) => `    job: {enabled: true, name: ${name}, experiment: training, max_concurrency: 1, trigger: {catchup: false, cron: "${cron}"}}`;
  const movedSource = moved === 'classic' ? '{file_path: pipelines/classic/RENDERED_PIPELINE}\n    pipeline_parameters: [{name: custom_message, value: hello}]' : '{file_path: pipelines/typed/RENDERED_PIPELINE}\n    pipeline_parameters: [{name: tag, value: moved}]';
  writeFileSync(
    join(root, 'team/recurring_runs.yaml'),
    [
      'recurring_runs:',
      '  - pipeline_source: {file_path: pipelines/typed/RENDERED_PIPELINE}',
      `    pipeline_parameters: [{name: tag, value: nightly}, {name: epochs, value: "${epochs}"}, {name: layers, value: [8, 4]}]`,
      '    keep_history: 1',
      job('typed', '0 0 2 * * *'),
      '  - pipeline_source: {file_path: pipelines/k8s/RENDERED_PIPELINE}',
      job('with-secrets', '0 0 3 * * *'),
      `  - pipeline_source: ${movedSource}`,
      job('moving', '0 0 4 * * *'),
      '',
    ].join('\n'),
  );
}

async function reconcile(options: ReconcileOptions = {}) {
  const printed: string[] = [];
  clock += 60_000;
  const outcome = await reconcileTeam({
    folder: join(root, 'team'),
    sources: { workspaceRoot: root, projectRoots: new Map(), cacheDir: join(root, '.cache'), env: {} },
    options: { host: `${emulator.url}/pipeline`, ...options },
    env: {},
    print: (t) => printed.push(t),
    now: () => new Date(clock),
  });
  return { ...outcome, printed: printed.join('\n') };
}

const jobs = (name: string) =>
  emulator
    .dump()
    .jobs.filter((j) => j.name.startsWith(`GIT::${name}__`))
    .sort((a, b) => (a.name < b.name ? 1 : -1));

test('v2 recurring runs are created typed, with their platform spec, in no namespace on a single-user server; the next plan has nothing to do', async () => {
  writeRuns();
  const first = await reconcile();
  expect(first.exitCode).toBe(0);
  const [typed] = jobs('typed');
  expect(typed).toMatchObject({ enabled: true, namespace: 'kubeflow', pipelineSpec: { runtimeConfig: { parameters: { tag: 'nightly', epochs: 10, layers: [8, 4] } } } });
  expect(typed.pipelineSpec.pipelineManifest).toContain('pipelineInfo');
  const [withSecrets] = jobs('with-secrets');
  expect(withSecrets.pipelineSpec.pipelineManifest).toContain('secretAsEnv');
  expect(jobs('moving')[0].pipelineSpec.workflowManifest).toContain('argoproj.io/v1alpha1');
  // A single-user server keeps no namespace (and refuses a v2 recurring run that names one).
  expect(emulator.dump().experiments.find((e) => e.name === 'training')?.namespace ?? '').toBe('');

  emulator.clearRequests();
  const again = await reconcile({ dryRun: true });
  expect(again.plan?.hasChanges).toBe(false);
  // One listing of each, and whether the server serves v2beta1.
  expect(emulator.requests().map((r) => r.kind).sort()).toEqual(['experiments.list', 'jobs.list', 'v2.healthz']);
});

test('a changed typed parameter makes a new v2 version; keep_history trims the oldest', async () => {
  for (const epochs of ['11', '12']) {
    writeRuns({ epochs });
    const updated = await reconcile();
    expect(updated.exitCode).toBe(0);
    expect(updated.plan?.recurringRuns.find((r) => r.name === 'typed')).toMatchObject({ action: 'update', differences: [{ field: 'parameters' }] });
  }
  const versions = jobs('typed');
  expect(versions.map((v) => [v.enabled, v.pipelineSpec.runtimeConfig?.parameters?.epochs])).toEqual([
    [true, 12],
    [false, 11],
  ]);
  expect((await reconcile({ dryRun: true })).plan?.hasChanges).toBe(false);
});

test('a recurring run moved from a v1 render to a v2 render gets a new version; the v1 one is disabled', async () => {
  writeRuns({ epochs: '12', moved: 'typed' });
  const moved = await reconcile();
  expect(moved.exitCode).toBe(0);
  expect(moved.plan?.recurringRuns.find((r) => r.name === 'moving')?.differences).toEqual([{ field: 'sdk', actual: 'KFP v1', desired: 'KFP v2' }]);
  const [newest, older] = jobs('moving');
  expect([newest.enabled, newest.pipelineSpec.pipelineManifest !== undefined, older.enabled, older.pipelineSpec.workflowManifest !== undefined]).toEqual([true, true, false, true]);
  expect((await reconcile({ dryRun: true })).plan?.hasChanges).toBe(false);
});

test('against a server without the v2beta1 API (KFP 1.x), a v2 source fails the plan in one sentence, before any change', async () => {
  emulator.injectFaults([{ pathPattern: '^/pipeline/apis/v2beta1/', status: 404 }]);
  emulator.clearRequests();
  await expect(reconcile({ dryRun: true })).rejects.toThrow(/does not serve the KFP v2beta1 API \(a KFP 1\.x server\), so it cannot run the KFP v2 pipelines of typed, with-secrets, moving; nothing was changed/);
  emulator.clearFaults();
  expect(emulator.requests().filter((r) => r.method !== 'GET')).toEqual([]);
});
