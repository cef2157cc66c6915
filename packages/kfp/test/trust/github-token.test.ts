// GITHUB_TOKEN goes only over https (plain http only to loopback) and only to
// the host of GITHUB_API_URL from the environment. A team file that names
// another API host gets no token and a warning, never the user's credentials.
// The loopback GitHub API here records every Authorization header it receives.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeGithub, type FakeGithub } from '../pipeline-sources/support/fake-github';
import { commitFiles, createRepo } from '../pipeline-sources/support/local-git';
import { SOURCE_TEAM, sourceWorkspace, type SourceWorkspace } from './support';

const TOKEN = 'ghp_trust-test-7d4e';
const RENDERED = join(__dirname, '../validate/fixtures/projects/example-pipeline/RENDERED_PIPELINE');
const FROM_GITHUB = '[{name: custom_message, valueFrom: {file_path: p/RENDERED_PIPELINE/params/custom_message}}]';

let ws: SourceWorkspace;
let repo: string;
let github: FakeGithub;
beforeAll(async () => {
  ws = sourceWorkspace();
  repo = createRepo(mkdtempSync(join(tmpdir(), 'kfp-trust-github-')));
  commitFiles(repo, {
    'p/RENDERED_PIPELINE/workflow.yaml': readFileSync(join(RENDERED, 'workflow.yaml'), 'utf8'),
    'p/RENDERED_PIPELINE/params/custom_message': readFileSync(join(RENDERED, 'params/custom_message'), 'utf8'),
  });
  // A public repository: it answers with or without a token, so only what the client sends is tested.
  github = await startFakeGithub({ repos: { 'acme/ml': repo } });
});
afterAll(async () => {
  await github.close();
  ws.dispose();
  rmSync(repo, { recursive: true, force: true });
});
beforeEach(() => {
  github.requests.length = 0;
  github.authorizations.length = 0;
  rmSync(join(ws.root, SOURCE_TEAM, 'kfp-team.yaml'), { force: true });
});

const source = (apiUrl?: string) => `{github_owner: acme, github_repo: ml, git_reference: main, file_path: p/RENDERED_PIPELINE/workflow.yaml${apiUrl ? `, github_api_url: "${apiUrl}"` : ''}}`;
const notSent = (api: string, why: string) => [
  `teams/team-a/recurring_runs.yaml:2:5 warning recurring_runs[0].pipeline_source: GITHUB_TOKEN is not sent to ${api}: ${why}; the file is read without credentials`,
  `teams/team-a/recurring_runs.yaml:3:50 warning recurring_runs[0].pipeline_parameters[0].valueFrom: GITHUB_TOKEN is not sent to ${api}: ${why}; the file is read without credentials`,
].join('\n');

function expectNoTokenSent(printed: string): void {
  expect(github.requests.length).toBeGreaterThan(0);
  expect(github.authorizations).toEqual(github.requests.map(() => undefined));
  expect(printed).not.toContain(TOKEN);
}

test('a github_api_url in recurring_runs.yaml gets no token', async () => {
  ws.setRun(source(github.apiUrl), FROM_GITHUB);
  const { printed, result } = await ws.validate({ GITHUB_TOKEN: TOKEN });
  expect(printed).toBe(notSent(github.apiUrl, `${new URL(github.apiUrl).host} is not the host of GITHUB_API_URL (api.github.com)`));
  expect(result.resolved?.recurringRuns).toHaveLength(1);
  expectNoTokenSent(printed);
});

test('a github_api_url in kfp-team.yaml gets no token', async () => {
  writeFileSync(join(ws.root, SOURCE_TEAM, 'kfp-team.yaml'), `namespace: team-a\ngithub_api_url: "${github.apiUrl}"\n`);
  ws.setRun(source(), FROM_GITHUB);
  const { printed } = await ws.validate({ GITHUB_TOKEN: TOKEN });
  expect(printed).toBe(notSent(github.apiUrl, `${new URL(github.apiUrl).host} is not the host of GITHUB_API_URL (api.github.com)`));
  expectNoTokenSent(printed);
});

test('GITHUB_API_URL over plain http to a host that is not loopback gets no token', async () => {
  // 0.0.0.0 reaches this machine on Linux but is not a loopback name: it stands for any plain-http host.
  const api = github.apiUrl.replace('127.0.0.1', '0.0.0.0');
  ws.setRun(source(), FROM_GITHUB);
  const { printed } = await ws.validate({ GITHUB_TOKEN: TOKEN, GITHUB_API_URL: api });
  expect(printed).toBe(notSent(api, `${api} is not https`));
  expectNoTokenSent(printed);
});

test('the token does go to the GITHUB_API_URL host (so the recording above would see it)', async () => {
  ws.setRun(source(), FROM_GITHUB);
  const { printed } = await ws.validate({ GITHUB_TOKEN: TOKEN, GITHUB_API_URL: github.apiUrl });
  expect(printed).toBe('');
  expect(github.authorizations.length).toBeGreaterThan(0);
  expect(github.authorizations).toEqual(github.requests.map(() => `Bearer ${TOKEN}`));
});
