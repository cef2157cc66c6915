import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startEmulator, type RunningEmulator } from 'kfp-emulator';
import { startFakeGithub, type FakeGithub } from '../pipeline-sources/support/fake-github';
import { createProjectsFixture, nxTestEnvironment, type FixtureWorkspace } from '../support/fixture-workspace';
import { readJob, readWorkflowCall, workflowJob, type WorkflowJob } from './support/workflow-job';

// Runs the steps of the reusable GitHub workflows, exactly as written in
// .github/workflows, in a fixture workspace made of this repo's projects:
// pull-request commits on a branch, deploys of main, the emulator as the
// cluster and a loopback GitHub API for workflow runs and comments.
jest.setTimeout(300_000);

const JOB_TOKEN = 'ghs_the-jobs-github-token';
const KFP_TOKEN = 'ci-token';

let ws: FixtureWorkspace;
let emulator: RunningEmulator;
let github: FakeGithub;
let runIds = 1;

beforeAll(async () => {
  emulator = await startEmulator({ multiUser: { users: [{ name: 'ci@example.com', tokens: [KFP_TOKEN], namespaces: ['team-1'] }] } });
  github = await startFakeGithub({ token: JOB_TOKEN });
  ws = createProjectsFixture();
  const settings = 'projects/teams/team-1/kfp-team.yaml';
  ws.write(settings, ws.read(settings).replace('http://127.0.0.1:8888/pipeline', `${emulator.url}/pipeline`));
  ws.commit('the emulator as the local cluster');
});
afterAll(async () => {
  await emulator?.close();
  await github?.close();
  ws?.dispose();
});

/** A job of a reusable workflow, as the runner would start it for this repository. */
function job(file: string, jobId: string, event: { name: string; ref: string; payload?: object }, expressions: Record<string, string>): WorkflowJob & { runId: number } {
  const runId = String(runIds++);
  const eventFile = join(ws.root, '.git', `event-${runId}.json`);
  writeFileSync(eventFile, JSON.stringify(event.payload ?? {}));
  const started = workflowJob(file, jobId, {
    cwd: ws.root,
    env: {
      // "Set up" puts the workspace's node_modules/.bin on PATH.
      ...nxTestEnvironment(ws.root, { PATH: `${join(ws.root, 'node_modules/.bin')}:${dirname(process.execPath)}:${process.env.PATH}` }),
      GITHUB_ACTIONS: 'true',
      GITHUB_API_URL: github.apiUrl,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/ml',
      GITHUB_WORKFLOW_REF: `acme/ml/.github/workflows/${event.name === 'pull_request' ? 'pull-request' : 'deploy'}.yaml@${event.ref}`,
      GITHUB_REF_NAME: event.ref.replace(/^refs\/heads\//, ''),
      GITHUB_EVENT_NAME: event.name,
      GITHUB_EVENT_PATH: eventFile,
      GITHUB_RUN_ID: runId,
      GITHUB_SHA: ws.git(['rev-parse', 'HEAD']).stdout.trim(),
    },
    expressions: {
      'github.token': JOB_TOKEN,
      'secrets.PIPELINE_SOURCES_GITHUB_TOKEN || github.token': JOB_TOKEN,
      'secrets.KFP_TOKEN': KFP_TOKEN,
      'secrets.DEX_USERNAME': '',
      'secrets.DEX_PASSWORD': '',
      'inputs.environment': '',
      'inputs.kfp-host': '',
      'inputs.kfp-namespace': '',
      ...expressions,
    },
  });
  return Object.assign(started, { runId: Number(runId) });
}

test('both workflows take the shared inputs and secrets alike, and set up the workspace with the same steps', () => {
  // A reusable workflow cannot share steps with another through a composite action at the
  // caller's tag, so the two copies are kept equal here.
  const [pullRequest, deploy] = [readWorkflowCall('_kfp-pull-request.yaml'), readWorkflowCall('_kfp-deploy.yaml')];
  const shared = ['github-environment', 'kfp-host', 'kfp-namespace', 'package-manager', 'setup-command', 'requirements-file', 'requirements-file-v2', 'node-version', 'python-version', 'timeout-minutes'];
  for (const input of shared) expect([input, pullRequest.inputs[input]]).toEqual([input, deploy.inputs[input]]);
  expect(pullRequest.secrets).toEqual(deploy.secrets);
  const setUp = (file: string, jobId: string) => {
    const steps = readJob(file, jobId).steps;
    return steps.slice(0, steps.findIndex((step) => step.name === 'Set up') + 1);
  };
  expect(setUp('_kfp-pull-request.yaml', 'check').length).toBeGreaterThan(5);
  expect(setUp('_kfp-pull-request.yaml', 'check').map(({ with: options, ...step }) => ({ ...step, with: { ...options, 'fetch-depth': 0 } }))).toEqual(
    setUp('_kfp-deploy.yaml', 'reconcile').map(({ with: options, ...step }) => ({ ...step, with: { ...options, 'fetch-depth': 0 } })),
  );
});

describe('pull request', () => {
  const PULL_REQUEST = 7;
  const pullRequestJob = (expressions: Record<string, string> = {}) => {
    const head = ws.git(['rev-parse', 'HEAD']).stdout.trim();
    return job('_kfp-pull-request.yaml', 'check', { name: 'pull_request', ref: `refs/pull/${PULL_REQUEST}/merge`, payload: { pull_request: { number: PULL_REQUEST, head: { sha: head } } } }, {
      'github.base_ref': 'main',
      ...expressions,
    });
  };

  beforeAll(() => {
    // What actions/checkout fetches of the base branch; the pull request's commits go on a branch of their own.
    ws.git(['update-ref', 'refs/remotes/origin/main', 'main']);
    ws.git(['checkout', '-q', '-b', 'pull-request']);
  });
  afterAll(() => {
    ws.git(['checkout', '-q', 'main']);
  });

  test('a pipeline changed without re-rendering fails the render check', async () => {
    const file = 'projects/pipelines/example-pipeline-1/pipeline.py';
    ws.write(file, ws.read(file).replace('"Hello world!\\n" * 3', '"Hello from a pull request"'));
    ws.commit('change the pipeline, forget to render');
    const check = pullRequestJob();
    expect((await check.step('base')).code).toBe(0);
    expect(check.exported.NX_BASE).toBe(ws.git(['rev-parse', 'main']).stdout.trim());
    const render = await check.step('render-check');
    expect(render.code).not.toBe(0);
    expect(render.output).toContain('example-pipeline-1: projects/pipelines/example-pipeline-1/RENDERED_PIPELINE is stale');
    expect(render.output).not.toContain('training-pipeline:render');
  });

  test('once rendered, render check and validate pass, and the plan is one comment that later runs edit', async () => {
    expect((await ws.nxAsync(['run', 'example-pipeline-1:render'])).code).toBe(0);
    const runs = 'projects/teams/team-1/recurring_runs.yaml';
    ws.write(runs, ws.read(runs).replace('cron: "0 0 0 * * *"', 'cron: "0 30 0 * * *"'));
    ws.commit('render, and run half an hour later');

    const check = pullRequestJob({ 'steps.plan.outcome': 'success' });
    for (const id of ['base', 'render-check', 'validate']) expect((await check.step(id)).code).toBe(0);
    const plan = await check.step('plan');
    expect(plan.code).toBe(0);
    const summaryBeforeComment = check.summary();
    const comment = await check.step('plan-comment');
    expect(comment.code).toBe(0);
    const [posted] = github.comments;
    expect(github.comments).toHaveLength(1);
    // The plan and nothing else (no Nx run report), then in the job summary too.
    expect(posted.body).toMatch(/^<!-- kfp-plan:default -->\n\n## KFP plan\n\n### KFP plan for namespace `team-1`\n\n\*\*Plan: [^\n]*\n\n\| \| kind \| name \| change \|[^]*\n\n<sub>Planned at [0-9a-f]{12} · \[workflow run\]\(https:\/\/github.com\/acme\/ml\/actions\/runs\/\d+\)<\/sub>$/);
    expect(posted.body).not.toContain('Nx Run Report');
    expect(summaryBeforeComment).not.toContain('KFP plan');
    expect(check.summary()).toContain(posted.body);
    expect(emulator.requests().filter((r) => r.method !== 'GET')).toEqual([]);

    // A later push to the pull request whose plan fails: the same comment says so.
    const again = pullRequestJob({ 'steps.plan.outcome': 'failure', 'secrets.KFP_TOKEN': 'a-token-the-cluster-does-not-know' });
    expect((await again.step('base')).code).toBe(0);
    expect((await again.step('plan')).code).not.toBe(0);
    expect((await again.step('plan-comment')).code).toBe(0);
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0].body).toContain('**The plan failed**');
    expect(github.comments[0].body).not.toContain('a-token-the-cluster-does-not-know');
  });
});

describe('deploy', () => {
  /** A push to main and its deploy job, whose conclusion is recorded as GitHub would. */
  async function deploy(expressions: Record<string, string> = {}) {
    const sha = ws.git(['rev-parse', 'HEAD']).stdout.trim();
    const run = job('_kfp-deploy.yaml', 'reconcile', { name: 'push', ref: 'refs/heads/main' }, { 'inputs.all-teams': 'false', 'inputs.base': '', ...expressions });
    const teams = await run.step('teams');
    const reconcile = teams.code === 0 ? await run.step('reconcile') : teams;
    github.runs.unshift({
      id: run.runId,
      workflow: 'deploy.yaml',
      head_sha: sha,
      head_branch: 'main',
      event: 'push',
      status: 'completed',
      conclusion: reconcile.code === 0 ? 'success' : 'failure',
      html_url: `https://github.com/acme/ml/actions/runs/${sha.slice(0, 7)}`,
    });
    return { teams, reconcile, exported: run.exported, summary: run.summary() };
  }
  /** The enabled recurring runs, by name, with their cron. */
  const crons = () =>
    emulator
      .dump()
      .jobs.filter((j) => j.enabled)
      .map((j) => [j.name.replace(/__.*/, ''), j.trigger?.cron?.cron])
      .sort();

  test('the first deploy reconciles every team', async () => {
    const first = await deploy();
    expect(first.teams.output).toContain('no earlier successful deploy on this branch: reconciling every team');
    expect(first.exported.KFP_TEAMS_COMMAND).toBe('run-many');
    expect(first.reconcile.code).toBe(0);
    expect(first.reconcile.output).toContain('**Applied.**');
    expect(first.summary).toContain('**Deploy:** no earlier successful deploy on this branch');
    expect(crons()).toEqual([
      ['GIT::example-pipeline-1', '0 0 0 * * *'],
      ['GIT::forecast-hourly', undefined],
      ['GIT::training-prod', '0 0 6 * * MON-FRI'],
    ]);
  });

  test('a change whose deploy failed is deployed by the next run, whatever that run changed', async () => {
    const runs = 'projects/teams/team-1/recurring_runs.yaml';
    ws.write(runs, ws.read(runs).replace('cron: "0 0 0 * * *"', 'cron: "0 15 0 * * *"'));
    ws.commit('run a quarter of an hour later');
    const failed = await deploy({ 'secrets.KFP_TOKEN': 'an-expired-token' });
    expect(failed.reconcile.code).not.toBe(0);
    expect(crons()).toContainEqual(['GIT::example-pipeline-1', '0 0 0 * * *']);

    // The next push touches no team: diffing with its parent alone would deploy nothing.
    ws.write('NOTES.md', 'not part of any project\n');
    ws.commit('notes');
    const next = await deploy();
    expect(next.exported.KFP_TEAMS_COMMAND).toBe('affected');
    expect(next.exported.NX_BASE).toBe(ws.git(['rev-parse', 'HEAD~2']).stdout.trim());
    expect(next.reconcile.code).toBe(0);
    expect(crons()).toEqual([
      ['GIT::example-pipeline-1', '0 15 0 * * *'],
      ['GIT::forecast-hourly', undefined],
      ['GIT::training-prod', '0 0 6 * * MON-FRI'],
    ]);

    emulator.clearRequests();
    ws.write('NOTES.md', 'still not part of any project\n');
    ws.commit('more notes');
    const idle = await deploy();
    expect(idle.exported.NX_BASE).toBe(ws.git(['rev-parse', 'HEAD~1']).stdout.trim());
    expect(idle.reconcile.code).toBe(0);
    expect(emulator.requests()).toEqual([]);
  });

  test('all-teams reconciles every team, and repairs drift made by hand', async () => {
    const [enabled] = emulator.dump().jobs.filter((j) => j.enabled);
    const disable = await fetch(`${emulator.url}/pipeline/apis/v1beta1/jobs/${enabled.id}/disable`, { method: 'POST', headers: { authorization: `Bearer ${KFP_TOKEN}` } });
    expect(disable.ok).toBe(true);
    const repair = await deploy({ 'inputs.all-teams': 'true' });
    expect(repair.exported.KFP_TEAMS_COMMAND).toBe('run-many');
    expect(repair.reconcile.code).toBe(0);
    expect(emulator.dump().jobs.find((j) => j.id === enabled.id)?.enabled).toBe(true);
  });
});
