// validateTeam end to end with remote sources: the reference team-1 format read
// through a loopback GitHub API, and a generic git source whose branch moves.

import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { validateTeam } from '../../src/validate/validate-team';
import { formatProblems } from '../../src/config-file/problems';
import { startFakeGithub, type FakeGithub } from '../pipeline-sources/support/fake-github';
import { commitFiles, createRepo } from '../pipeline-sources/support/local-git';

// The reference design's files, committed unmodified; RENDERED is where its team-1 expects the render in its repository.
const REFERENCE = path.join(__dirname, '../fixtures/reference');
const RENDERED = 'step-1--render-pipelines/example_pipeline_1/RENDERED_PIPELINE';

describe('validateTeam with git and GitHub sources', () => {
  let tmp: string;
  let github: FakeGithub;
  let pipelinesRepo: string;
  let seedCommit: string;
  let workflowText: string;
  let message: string;

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'kfp-validate-remote-'));
    workflowText = await fs.readFile(path.join(REFERENCE, 'example_pipeline_1/RENDERED_PIPELINE/workflow.yaml'), 'utf8');
    message = await fs.readFile(path.join(REFERENCE, 'example_pipeline_1/RENDERED_PIPELINE/params/custom_message'), 'utf8');
    pipelinesRepo = createRepo(path.join(tmp, 'kubeflow-pipelines-gitops'));
    seedCommit = commitFiles(pipelinesRepo, { [`${RENDERED}/workflow.yaml`]: workflowText, [`${RENDERED}/params/custom_message`]: message });
    github = await startFakeGithub({ repos: { 'deployKF/kubeflow-pipelines-gitops': pipelinesRepo }, token: 'test-token' });
  });
  afterAll(async () => {
    await github.close();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('validates the reference team-1 format through the GitHub API (ref moved to a branch of the local repository)', async () => {
    const workspace = path.join(tmp, 'ws-github');
    const team = path.join(workspace, 'team-1');
    await fs.cp(path.join(REFERENCE, 'team-1'), team, { recursive: true });
    const runsFile = path.join(team, 'recurring_runs.yaml');
    const original = await fs.readFile(runsFile, 'utf8');
    await fs.writeFile(runsFile, original.replace('git_reference: "f73d515dfa7cff8e04b6bad3551d9db8a8d589f1"', 'git_reference: "main"'));

    const result = await validateTeam(team, {
      workspaceRoot: workspace,
      projectRoots: new Map(),
      cacheDir: path.join(tmp, 'cache'),
      env: { GITHUB_API_URL: github.apiUrl, GITHUB_TOKEN: 'test-token' },
    });
    expect(formatProblems(result.problems)).toBe('');
    const run = result.resolved?.recurringRuns[0];
    expect(run?.pipeline).toMatchObject({ text: workflowText, revision: seedCommit, displayName: `github:deployKF/kubeflow-pipelines-gitops@main:${RENDERED}/workflow.yaml` });
    expect(run?.parameters).toEqual([
      { name: 'custom_message', value: message, from: { displayName: `github:deployKF/kubeflow-pipelines-gitops@main:${RENDERED}/params/custom_message`, revision: seedCommit } },
    ]);
  });

  it('reports a GitHub source that cannot be read at the pipeline_source key', async () => {
    const workspace = path.join(tmp, 'ws-github-missing');
    const team = path.join(workspace, 'team-1');
    await fs.cp(path.join(REFERENCE, 'team-1'), team, { recursive: true });
    const result = await validateTeam(team, {
      workspaceRoot: workspace,
      projectRoots: new Map(),
      cacheDir: path.join(tmp, 'cache'),
      env: { GITHUB_API_URL: github.apiUrl, GITHUB_TOKEN: 'test-token' },
    });
    // The reference's pinned commit does not exist in the local repository.
    expect(formatProblems(result.problems)).toBe(
      [
        `team-1/recurring_runs.yaml:8:5 error recurring_runs[0].pipeline_source: cannot read the pipeline: github:deployKF/kubeflow-pipelines-gitops@f73d515dfa7cff8e04b6bad3551d9db8a8d589f1:${RENDERED}/workflow.yaml: ${RENDERED}/workflow.yaml does not exist at commit f73d515dfa7c (or the token cannot read the repository)`,
        `team-1/recurring_runs.yaml:28:9 error recurring_runs[0].pipeline_parameters[0].valueFrom: cannot read the value: github:deployKF/kubeflow-pipelines-gitops@f73d515dfa7cff8e04b6bad3551d9db8a8d589f1:${RENDERED}/params/custom_message: ${RENDERED}/params/custom_message does not exist at commit f73d515dfa7c (or the token cannot read the repository)`,
      ].join('\n'),
    );
    expect(result.resolved).toBeUndefined();
  });

  it('follows a git branch between two validations, with parameter files inherited from the same repository', async () => {
    const workspace = path.join(tmp, 'ws-git');
    const team = path.join(workspace, 'teams', 'team-git');
    await fs.mkdir(team, { recursive: true });
    await fs.writeFile(path.join(team, 'experiments.yaml'), 'experiments:\n  - name: nightly\n');
    await fs.writeFile(
      path.join(team, 'recurring_runs.yaml'),
      [
        'recurring_runs:',
        '  - pipeline_source:',
        `      url: "${pathToFileURL(pipelinesRepo).href}"`,
        '      ref: main',
        `      path: ${RENDERED}`,
        '    pipeline_parameters:',
        `      - {name: custom_message, valueFrom: {file_path: ${RENDERED}/params/custom_message}}`,
        '    job: {enabled: true, name: nightly, experiment: nightly, max_concurrency: 1, trigger: {catchup: false, cron: "0 0 2 * * *"}}',
        '',
      ].join('\n'),
    );
    const ctx = { workspaceRoot: workspace, projectRoots: new Map<string, string>(), cacheDir: path.join(tmp, 'cache'), env: {} };
    const first = await validateTeam(team, ctx);
    expect(formatProblems(first.problems)).toBe('');
    expect(first.resolved?.recurringRuns[0]?.parameters[0]?.value).toBe(message);

    const next = commitFiles(pipelinesRepo, { [`${RENDERED}/params/custom_message`]: 'Changed!\n' });
    const second = await validateTeam(team, ctx);
    expect(second.resolved?.recurringRuns[0]?.parameters[0]).toMatchObject({ value: 'Changed!\n', from: { revision: next } });
    expect(second.resolved?.recurringRuns[0]?.pipeline.revision).toBe(next);
  });
});
