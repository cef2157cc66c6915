// Table-driven: every folder under corpus/ is a team folder with an
// expected.txt holding the exact problem lines `validate` must print.

import { readdirSync, readFileSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { validateTeam } from '../../src/validate/validate-team';
import { formatProblems } from '../../src/config-file/problems';

const HERE = __dirname;
const CORPUS = path.join(HERE, 'corpus');
const cases = readdirSync(CORPUS).sort();

describe('validate corpus', () => {
  let cacheDir: string;
  beforeAll(async () => {
    cacheDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kfp-validate-corpus-'));
  });
  afterAll(() => fs.rm(cacheDir, { recursive: true, force: true }));

  it('has the cases the suite promises', () => {
    expect(cases).toEqual(
      expect.arrayContaining([
        'schema-violations',
        'duplicates',
        'undeclared-experiment',
        'cron-errors',
        'max-concurrency',
        'dates-out-of-order',
        'missing-required-parameter',
        'unknown-parameter',
        'not-an-argo-workflow',
        'missing-source-file',
        'value-and-value-from',
        'secrets-in-team-settings',
        'valid-team',
      ]),
    );
  });

  it.each(cases)('%s', async (name) => {
    const folder = path.join(CORPUS, name);
    const expected = readFileSync(path.join(folder, 'expected.txt'), 'utf8').trimEnd();
    const result = await validateTeam(folder, {
      workspaceRoot: HERE,
      projectRoots: new Map([['example-pipeline', 'fixtures/projects/example-pipeline']]),
      cacheDir,
      env: {},
    });
    expect(formatProblems(result.problems)).toBe(expected);
    const hasError = result.problems.some((p) => p.severity === 'error');
    expect(result.resolved === undefined).toBe(hasError);
  });

  it('never repeats a secret from kfp-team.yaml', async () => {
    const result = await validateTeam(path.join(CORPUS, 'secrets-in-team-settings'), {
      workspaceRoot: HERE,
      projectRoots: new Map([['example-pipeline', 'fixtures/projects/example-pipeline']]),
      cacheDir,
      env: {},
    });
    expect(JSON.stringify(result)).not.toMatch(/do-not-commit-me|abc123|ghp_notarealtoken/);
  });

  it('resolves the valid team into workflows and parameter values', async () => {
    const result = await validateTeam(path.join(CORPUS, 'valid-team'), {
      workspaceRoot: HERE,
      projectRoots: new Map([['example-pipeline', 'fixtures/projects/example-pipeline']]),
      cacheDir,
      env: {},
    });
    const message = readFileSync(path.join(HERE, 'fixtures/projects/example-pipeline/RENDERED_PIPELINE/params/custom_message'), 'utf8');
    const workflowText = readFileSync(path.join(HERE, 'fixtures/projects/example-pipeline/RENDERED_PIPELINE/workflow.yaml'), 'utf8');
    const runs = result.resolved?.recurringRuns ?? [];
    expect(runs.map((r) => [r.spec.name, r.workflow.displayName, r.parameters])).toEqual([
      [
        'nightly-training',
        'fixtures/projects/example-pipeline/RENDERED_PIPELINE/workflow.yaml',
        [{ name: 'custom_message', value: message, from: { displayName: 'fixtures/projects/example-pipeline/RENDERED_PIPELINE/params/custom_message' } }],
      ],
      ['hourly-check', 'fixtures/projects/example-pipeline/RENDERED_PIPELINE/workflow.yaml', [{ name: 'custom_message', value: '' }]],
    ]);
    const first = runs[0];
    expect(first?.workflow.text).toBe(workflowText);
    expect(first?.workflow.object.metadata.generateName).toBe('pipeline-1-');
    expect(first?.workflow.inputs).toEqual([{ name: 'custom_message', type: 'String', optional: false, default: undefined }]);
    expect(result.config).toMatchObject({ namespace: 'ml-team', recurringRuns: [{ keepHistory: 0, trigger: { startTime: '2024-01-01T00:00:00Z' } }, { enabled: false, trigger: { schedule: { kind: 'interval', seconds: 3600 } }, serviceAccount: 'pipeline-runner' }] });
  });
});
