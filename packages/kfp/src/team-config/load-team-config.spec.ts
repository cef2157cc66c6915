import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeTeamFolder } from './load-team-config';
import { formatProblems } from '../config-file/problems';

// The reference design's team-1 folder, committed unmodified.
const SEED_TEAM = path.join(__dirname, '../../test/fixtures/reference/team-1');

describe('analyzeTeamFolder on the reference team-1 folder', () => {
  let workspace: string;
  beforeAll(async () => {
    workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'kfp-team-'));
    await fs.mkdir(path.join(workspace, 'teams'));
    await fs.cp(SEED_TEAM, path.join(workspace, 'teams', 'team-1'), { recursive: true });
  });
  afterAll(() => fs.rm(workspace, { recursive: true, force: true }));

  it('loads without problems into the expected model', async () => {
    const result = await analyzeTeamFolder(path.join(workspace, 'teams', 'team-1'), { workspaceRoot: workspace });
    expect(formatProblems(result.problems)).toBe('');
    expect(result.config).toEqual({
      folder: 'teams/team-1',
      folderPath: path.join(workspace, 'teams', 'team-1'),
      namespace: 'team-1',
      experiments: [{ name: 'example-pipeline-1', description: 'example-pipeline-1 description' }],
      recurringRuns: [
        {
          name: 'example-pipeline-1',
          enabled: true,
          description: null,
          experiment: 'example-pipeline-1',
          maxConcurrency: 1,
          serviceAccount: null,
          keepHistory: 5,
          catchup: false,
          trigger: { schedule: { kind: 'cron', expression: '0 0 0 * * *' }, startTime: null, endTime: null },
          pipelineSource: {
            kind: 'github',
            owner: 'deployKF',
            repo: 'kubeflow-pipelines-gitops',
            ref: 'f73d515dfa7cff8e04b6bad3551d9db8a8d589f1',
            path: 'step-1--render-pipelines/example_pipeline_1/RENDERED_PIPELINE/workflow.yaml',
          },
          parameters: [
            {
              name: 'custom_message',
              valueFrom: {
                kind: 'github',
                owner: 'deployKF',
                repo: 'kubeflow-pipelines-gitops',
                ref: 'f73d515dfa7cff8e04b6bad3551d9db8a8d589f1',
                path: 'step-1--render-pipelines/example_pipeline_1/RENDERED_PIPELINE/params/custom_message',
              },
            },
          ],
          index: 0,
          origin: { file: 'teams/team-1/recurring_runs.yaml', line: 8, column: 5 },
        },
      ],
      settings: {
        file: null,
        namespace: 'team-1',
        defaultServiceAccount: 'default-editor',
        githubApiUrl: null,
        defaultEnvironment: null,
        environments: {},
      },
    });
  });
});
