import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeGithub, type FakeGithub, type FakeWorkflowRun } from '../pipeline-sources/support/fake-github';
import { commitFiles, createRepo, git } from '../pipeline-sources/support/local-git';
import { REPO_ROOT, runCommand } from '../support/fixture-workspace';

// kfp-deploy-base in a real git repository, with the runs of the deploy
// workflow served by a loopback GitHub API: which teams a deploy reconciles
// after a first push, a failed deploy, a superseded one, a rewritten history.
jest.setTimeout(120_000); // each test starts the bin as a process, several times

const TOKEN = 'ghs_deploy-job-token-value';
const BIN = join(REPO_ROOT, 'packages/kfp/bin/kfp-deploy-base.js');

let tmp: string;
let repo: string;
let github: FakeGithub;
let a: string, b: string, c: string, sideCommit: string;
let runIds = 100;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'kfp-deploy-base-'));
  repo = createRepo(join(tmp, 'repo'));
  a = commitFiles(repo, { 'teams/team-1/recurring_runs.yaml': 'a\n' }, 'a');
  git(repo, 'checkout', '--quiet', '-b', 'side');
  sideCommit = commitFiles(repo, { 'teams/team-2/recurring_runs.yaml': 'side\n' }, 'a commit that a force push dropped from main');
  git(repo, 'checkout', '--quiet', 'main');
  b = commitFiles(repo, { 'teams/team-1/recurring_runs.yaml': 'b\n' }, 'b');
  c = commitFiles(repo, { 'teams/team-2/recurring_runs.yaml': 'c\n' }, 'c');
  github = await startFakeGithub({ token: TOKEN });
});
afterAll(async () => {
  await github.close();
  rmSync(tmp, { recursive: true, force: true });
});
beforeEach(() => {
  github.runs.length = 0;
  github.requests.length = 0;
  git(repo, 'checkout', '--quiet', '--detach', c);
});

/** A finished run of deploy.yaml on main, added as the newest. */
function finishedRun(sha: string, conclusion: FakeWorkflowRun['conclusion'], extra: Partial<FakeWorkflowRun> = {}): FakeWorkflowRun {
  const id = runIds++;
  const run: FakeWorkflowRun = { id, workflow: 'deploy.yaml', head_sha: sha, head_branch: 'main', event: 'push', status: 'completed', conclusion, html_url: `https://github.com/acme/ml/actions/runs/${id}`, ...extra };
  github.runs.unshift(run);
  return run;
}

async function deployBase(args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const files = mkdtempSync(join(tmp, 'run-'));
  const envFile = join(files, 'env');
  writeFileSync(envFile, '');
  const result = await runCommand(process.execPath, [BIN, ...args], {
    cwd: repo,
    env: {
      PATH: process.env.PATH,
      GITHUB_TOKEN: TOKEN,
      GITHUB_API_URL: github.apiUrl,
      GITHUB_REPOSITORY: 'acme/ml',
      GITHUB_WORKFLOW_REF: 'acme/ml/.github/workflows/deploy.yaml@refs/heads/main',
      GITHUB_REF_NAME: 'main',
      GITHUB_RUN_ID: '1',
      GITHUB_ENV: envFile,
      GITHUB_STEP_SUMMARY: join(files, 'summary.md'),
      ...env,
    },
  });
  const variables = Object.fromEntries(
    readFileSync(envFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('=') as [string, string]),
  );
  expect(result.output).not.toContain(TOKEN);
  return { ...result, variables };
}

test('first push: nothing was deployed yet, so every team is reconciled', async () => {
  const first = await deployBase();
  expect(first.code).toBe(0);
  expect(first.variables).toEqual({ KFP_TEAMS_COMMAND: 'run-many', NX_HEAD: c });
  expect(first.stdout).toContain('no earlier successful deploy on this branch: reconciling every team');
  expect(github.requests).toEqual(['GET /repos/acme/ml/actions/workflows/deploy.yaml/runs?branch=main&status=success&per_page=50&exclude_pull_requests=true']);
});

test.each([
  ['failed and was never re-run', 'failure'],
  ['was superseded while queued', 'cancelled'],
] as const)('a deploy that %s is not a base: the next run reconciles its changes too', async (_, conclusion) => {
  finishedRun(a, 'success');
  finishedRun(b, conclusion);
  const next = await deployBase();
  expect(next.code).toBe(0);
  expect(next.variables).toEqual({ KFP_TEAMS_COMMAND: 'affected', NX_BASE: a, NX_HEAD: c });
  expect(next.stdout).toContain(`last deployed commit ${a.slice(0, 12)} (https://github.com/acme/ml/actions/runs/`);
});

test('a failed deploy that succeeded on a re-run counts; this run itself never does', async () => {
  finishedRun(b, 'success'); // failed first, then re-run: GitHub lists the latest attempt
  const thisRun = finishedRun(c, 'success'); // an earlier attempt of this very run
  const rerun = await deployBase([], { GITHUB_RUN_ID: String(thisRun.id) });
  expect(rerun.variables).toEqual({ KFP_TEAMS_COMMAND: 'affected', NX_BASE: b, NX_HEAD: c });
});

test('runs of pull requests, other branches and other workflows deployed nothing', async () => {
  finishedRun(a, 'success');
  finishedRun(c, 'success', { event: 'pull_request' });
  finishedRun(c, 'success', { head_branch: 'release' });
  finishedRun(c, 'success', { workflow: 'pull-request.yaml' });
  const next = await deployBase();
  expect(next.variables).toEqual({ KFP_TEAMS_COMMAND: 'affected', NX_BASE: a, NX_HEAD: c });
});

test('a commit already deployed has nothing left to reconcile', async () => {
  finishedRun(c, 'success');
  const again = await deployBase();
  expect(again.variables).toEqual({ KFP_TEAMS_COMMAND: 'affected', NX_BASE: c, NX_HEAD: c });
  expect(again.stdout).toContain(`commit ${c.slice(0, 12)} is already deployed`);
});

test('an old run re-run after a newer deploy is refused: it would roll the newer changes back', async () => {
  finishedRun(c, 'success');
  git(repo, 'checkout', '--quiet', '--detach', b);
  const old = await deployBase();
  expect(old.code).toBe(1);
  expect(old.stderr).toContain(`commit ${c.slice(0, 12)}, newer than this run's commit ${b.slice(0, 12)}, is already deployed`);
  expect(old.stderr).toContain('would roll those changes back');
  expect(old.variables).toEqual({});
});

test.each([
  ['on a line of history this branch no longer has', () => sideCommit],
  ['missing from the clone', () => 'f'.repeat(40)],
])('a last deployed commit %s (a force push): every team is reconciled', async (_, sha) => {
  finishedRun(sha(), 'success');
  const next = await deployBase();
  expect(next.code).toBe(0);
  expect(next.variables).toEqual({ KFP_TEAMS_COMMAND: 'run-many', NX_HEAD: c });
  expect(next.stdout).toMatch(/is not (in this history|an ancestor of this commit)/);
});

test('--all-teams and --base decide without asking GitHub; empty values (unset inputs) are ignored', async () => {
  finishedRun(b, 'success');
  expect((await deployBase(['--all-teams=true', '--base='])).variables).toEqual({ KFP_TEAMS_COMMAND: 'run-many', NX_HEAD: c });
  expect((await deployBase(['--all-teams=false', `--base=${a}`])).variables).toEqual({ KFP_TEAMS_COMMAND: 'affected', NX_BASE: a, NX_HEAD: c });
  expect(github.requests).toEqual([]);
  expect((await deployBase(['--all-teams=false', '--base='])).variables).toEqual({ KFP_TEAMS_COMMAND: 'affected', NX_BASE: b, NX_HEAD: c });

  const wrong = await deployBase(['--base=no-such-commit']);
  expect(wrong.code).toBe(1);
  expect(wrong.stderr).toContain('base "no-such-commit" is not a commit of this clone');
});

test('GitHub refusing the token fails the step with a hint, without printing the token', async () => {
  const refused = await deployBase([], { GITHUB_TOKEN: 'ghs_a-token-github-does-not-know' });
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('cannot list the runs of deploy.yaml on main: GitHub answered 401 to GET /repos/acme/ml/actions/workflows/deploy.yaml/runs: Bad credentials');
  expect(refused.output).not.toContain('ghs_a-token-github-does-not-know');
  expect(refused.variables).toEqual({});
});

test('outside GitHub Actions it prints the variables instead', async () => {
  const local = await deployBase(['--all-teams'], { GITHUB_ENV: '' });
  expect(local.stdout).toContain(`KFP_TEAMS_COMMAND=run-many\nNX_HEAD=${c}`);
});
