import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from 'kfp-emulator';
import { parse } from 'yaml';
import { createProjectsFixture, nxTestEnvironment, REPO_ROOT, runCommand, type CommandResult, type FixtureWorkspace } from '../support/fixture-workspace';

// Runs the commands of the reusable GitHub workflows, exactly as written in
// .github/workflows, in a fixture workspace made of this repo's projects, with
// a "pull request" commit on top and the emulator as the cluster.
jest.setTimeout(300_000);

interface WorkflowStep {
  id?: string;
  run?: string;
}

function stepCommand(file: string, job: string, id: string): string {
  const workflow = parse(readFileSync(join(REPO_ROOT, '.github/workflows', file), 'utf8')) as { jobs: Record<string, { steps: WorkflowStep[] }> };
  const step = workflow.jobs[job].steps.find((s) => s.id === id);
  if (!step?.run) throw new Error(`${file}: no step ${id} with a run command`);
  expect(step.run).not.toContain('${{'); // runnable as written
  return step.run;
}

let ws: FixtureWorkspace;
let emulator: RunningEmulator;
let summary: string;

function sh(command: string): Promise<CommandResult> {
  return runCommand('bash', ['-c', command], {
    cwd: ws.root,
    env: nxTestEnvironment(ws.root, { NX_BASE: 'HEAD~1', NX_HEAD: 'HEAD', KFP_TOKEN: 'ci-token', GITHUB_STEP_SUMMARY: summary }),
  });
}

beforeAll(async () => {
  emulator = await startEmulator({ multiUser: { users: [{ name: 'ci@example.com', tokens: ['ci-token'], namespaces: ['team-1'] }] } });
  ws = createProjectsFixture();
  const settings = 'projects/teams/team-1/kfp-team.yaml';
  ws.write(settings, ws.read(settings).replace('http://127.0.0.1:8888/pipeline', `${emulator.url}/pipeline`));
  ws.commit('the emulator as the local cluster');
  summary = join(mkdtempSync(join(tmpdir(), 'kfp-gh-summary-')), 'summary.md');
});
afterAll(async () => {
  await emulator?.close();
  ws?.dispose();
});

test('pull request: a pipeline changed without re-rendering fails the render check', async () => {
  const file = 'projects/pipelines/example-pipeline-1/pipeline.py';
  ws.write(file, ws.read(file).replace('"Hello world!\\n" * 3', '"Hello from a pull request"'));
  ws.commit('change the pipeline, forget to render');
  const check = await sh(stepCommand('_kfp-pull-request.yaml', 'check', 'render-check'));
  expect(check.code).not.toBe(0);
  expect(check.output).toContain('example-pipeline-1: projects/pipelines/example-pipeline-1/RENDERED_PIPELINE is stale');
  expect(check.output).not.toContain('training-pipeline:render');
});

test('pull request: once rendered, render check, validate and the plan summary pass', async () => {
  expect((await ws.nxAsync(['run', 'example-pipeline-1:render'])).code).toBe(0);
  const runs = 'projects/teams/team-1/recurring_runs.yaml';
  ws.write(runs, ws.read(runs).replace('cron: "0 0 0 * * *"', 'cron: "0 30 0 * * *"'));
  ws.commit('render, and run half an hour later');

  const check = await sh(stepCommand('_kfp-pull-request.yaml', 'check', 'render-check'));
  expect(check.code).toBe(0);
  const validate = await sh(stepCommand('_kfp-pull-request.yaml', 'check', 'validate'));
  expect(validate.code).toBe(0);
  expect(validate.output).toContain('team-1:validate');
  const plan = await sh(stepCommand('_kfp-pull-request.yaml', 'check', 'plan'));
  expect(plan.code).toBe(0);
  expect(readFileSync(summary, 'utf8')).toContain('### KFP plan for namespace `team-1`');
  expect(emulator.requests().filter((r) => r.method !== 'GET')).toEqual([]);
});

test('deploy: the affected team is reconciled; a second deploy has nothing to do', async () => {
  const deploy = await sh(stepCommand('_kfp-deploy.yaml', 'reconcile', 'reconcile'));
  expect(deploy.code).toBe(0);
  expect(deploy.output).toContain('**Applied.**');
  const jobs = emulator.dump().jobs;
  expect(jobs.map((j) => [j.name.replace(/__.*/, ''), j.enabled, j.trigger?.cron?.cron])).toEqual([
    ['GIT::example-pipeline-1', true, '0 30 0 * * *'],
    ['GIT::training-prod', true, '0 0 6 * * MON-FRI'],
  ]);
  emulator.clearRequests();
  const again = await sh(stepCommand('_kfp-deploy.yaml', 'reconcile', 'reconcile'));
  expect(again.code).toBe(0);
  expect(emulator.requests().filter((r) => r.method !== 'GET')).toEqual([]);
});
