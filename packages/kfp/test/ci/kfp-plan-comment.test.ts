import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMENT_LIMIT } from '../../src/ci/plan-comment';
import { startFakeGithub, type FakeGithub } from '../pipeline-sources/support/fake-github';
import { REPO_ROOT, runCommand } from '../support/fixture-workspace';

// kfp-plan-comment against a loopback GitHub API: one comment per pull request
// (and key) that every run edits, the same text in the job summary.
jest.setTimeout(120_000); // each test starts the bin as a process, several times

const TOKEN = 'ghs_pull-request-job-token';
const BIN = join(REPO_ROOT, 'packages/kfp/bin/kfp-plan-comment.js');
const HEAD_SHA = '0123456789abcdef0123456789abcdef01234567';

let tmp: string;
let github: FakeGithub;
let event: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'kfp-plan-comment-'));
  event = join(tmp, 'event.json');
  writeFileSync(event, JSON.stringify({ pull_request: { number: 7, head: { sha: HEAD_SHA } } }));
  github = await startFakeGithub({ token: TOKEN });
});
afterAll(async () => {
  await github.close();
  rmSync(tmp, { recursive: true, force: true });
});
beforeEach(() => {
  github.comments.length = 0;
  github.requests.length = 0;
  github.readOnly = false;
});

function teamPlan(namespace: string, summary: string): string {
  return `### KFP plan for namespace \`${namespace}\`\n\n**${summary}**\n\n| | kind | name | change |\n|---|---|---|---|\n`;
}

async function planComment(plan: string | undefined, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const files = mkdtempSync(join(tmp, 'run-'));
  const planFile = join(files, 'kfp-plan.md');
  if (plan !== undefined) writeFileSync(planFile, plan);
  const summary = join(files, 'summary.md');
  const result = await runCommand(process.execPath, [BIN, `--plan=${planFile}`, ...args], {
    cwd: tmp,
    env: {
      PATH: process.env.PATH,
      GITHUB_TOKEN: TOKEN,
      GITHUB_API_URL: github.apiUrl,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/ml',
      GITHUB_RUN_ID: '42',
      GITHUB_EVENT_PATH: event,
      GITHUB_STEP_SUMMARY: summary,
      ...env,
    },
  });
  expect(result.output).not.toContain(TOKEN);
  return { ...result, summary: existsSync(summary) ? readFileSync(summary, 'utf8') : '' };
}

const onPullRequest = () => github.comments.filter((c) => c.issue === 7);

test('the first run creates the comment; later runs edit it; other comments are left alone', async () => {
  github.comments.push({ id: 1, issue: 7, body: 'Looks good to me', html_url: 'x' });
  const first = await planComment(teamPlan('team-1', 'Plan: 1 to add, 0 to change, 0 to delete, 0 unchanged.'));
  expect(first.code).toBe(0);
  expect(first.stdout).toContain('created the plan comment https://github.com/acme/ml/pull/7#issuecomment-');
  const [, mine] = onPullRequest();
  expect(mine.body.startsWith('<!-- kfp-plan:default -->\n\n## KFP plan\n\n### KFP plan for namespace `team-1`')).toBe(true);
  expect(mine.body).toContain(`Planned at ${HEAD_SHA.slice(0, 12)} · [workflow run](https://github.com/acme/ml/actions/runs/42)`);
  expect(first.summary).toBe(`${mine.body}\n`);

  const second = await planComment(teamPlan('team-1', 'Plan: 0 to add, 1 to change, 0 to delete, 0 unchanged.'));
  expect(second.stdout).toContain('updated the plan comment');
  expect(onPullRequest().map((c) => c.id)).toEqual([1, mine.id]);
  expect(onPullRequest()[1].body).toContain('1 to change');
  expect(onPullRequest()[1].body).not.toContain('1 to add');
  expect(onPullRequest()[0].body).toBe('Looks good to me');
});

test('each key (environment) has a comment of its own', async () => {
  await planComment(teamPlan('team-1', 'dev plan'), ['--key=dev']);
  await planComment(teamPlan('team-1', 'prod plan'), ['--key=prod']);
  await planComment(teamPlan('team-1', 'prod plan, again'), ['--key=prod']);
  expect(onPullRequest().map((c) => c.body.split('\n')[0])).toEqual(['<!-- kfp-plan:dev -->', '<!-- kfp-plan:prod -->']);
  expect(onPullRequest()[1].body).toContain('## KFP plan for environment `prod`');
  expect(onPullRequest()[1].body).toContain('prod plan, again');
});

test('its own comment is found on a later page of a long conversation', async () => {
  for (let i = 0; i < 130; i++) github.comments.push({ id: i + 1, issue: 7, body: `comment ${i}`, html_url: 'x' });
  await planComment(teamPlan('team-1', 'first'));
  await planComment(teamPlan('team-1', 'second'));
  expect(onPullRequest()).toHaveLength(131);
  expect(github.requests.filter((r) => r.startsWith('GET')).at(-1)).toBe('GET /repos/acme/ml/issues/7/comments?per_page=100&page=2');
});

test('no affected team, a failed plan and a plan that never ran each say so', async () => {
  const none = await planComment(undefined);
  expect(onPullRequest()[0].body).toContain('No team is affected by this change: nothing to plan.');
  expect(none.code).toBe(0);

  await planComment(teamPlan('team-1', 'partial'), ['--outcome=failure']);
  expect(onPullRequest()[0].body).toContain('> **The plan failed** for at least one team, so what follows may be incomplete: see [the job log](https://github.com/acme/ml/actions/runs/42).');
  expect(onPullRequest()[0].body).toContain('partial');

  await planComment(undefined, ['--outcome=skipped']);
  expect(onPullRequest()[0].body).toContain('> **No plan**: an earlier check (render check or validate) failed');
  expect(onPullRequest()[0].body).not.toContain('No team is affected');
  expect(onPullRequest()).toHaveLength(1);

  const bad = await planComment('', ['--outcome=maybe']);
  expect(bad.code).toBe(1);
  expect(bad.stderr).toContain('--outcome must be one of success, failure, cancelled, skipped; got "maybe"');
});

test('outside a pull request the plan goes to the job summary only', async () => {
  const push = await planComment(teamPlan('team-1', 'on a push'), [], { GITHUB_EVENT_PATH: '' });
  expect(push.code).toBe(0);
  expect(push.summary).toContain('on a push');
  expect(github.requests).toEqual([]);
});

test('a read-only token (a pull request from a fork) warns and keeps the summary', async () => {
  github.readOnly = true;
  const fork = await planComment(teamPlan('team-1', 'from a fork'));
  expect(fork.code).toBe(0);
  expect(fork.stdout).toContain('::warning::kfp-plan-comment: cannot comment on pull request #7 (GitHub answered 403 to POST /repos/acme/ml/issues/7/comments: Resource not accessible by integration)');
  expect(fork.summary).toContain('from a fork');
  expect(onPullRequest()).toEqual([]);
});

test('a plan too long for a comment is cut, pointing to the job summary, which keeps all of it', async () => {
  const long = Array.from({ length: 3000 }, (_, i) => `| + | recurring run | job-${i} | create |`).join('\n');
  const result = await planComment(teamPlan('team-1', 'huge') + long);
  const body = onPullRequest()[0].body;
  expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
  expect(body).toContain('… the plan is too long for a comment; the whole plan is in the job summary of [the workflow run](https://github.com/acme/ml/actions/runs/42).');
  expect(body).toContain(`Planned at ${HEAD_SHA.slice(0, 12)}`);
  expect(result.summary).toContain('job-2999');
});
