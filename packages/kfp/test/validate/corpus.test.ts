// Table-driven: every folder under corpus/ is a team folder with an
// expected.txt holding the exact problem lines `validate` must print. Bad input
// is a located error, never a crash, a hang or a change to the cluster: each
// case is validated, then reconciled against an emulator that must see no
// mutating request.

import { startEmulator, type RunningEmulator } from 'kfp-emulator';
import { promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { validateTeam, type ValidateTeamContext } from '../../src/validate/validate-team';
import { validationPassed } from '../../src/validate/report';
import { formatProblems } from '../../src/config-file/problems';
import { reconcileTeam, ReconcileError } from '../../src/reconcile/reconcile-team';
import {
  CORPUS_CASES,
  corpusWorkspace,
  expectedOutput,
  PROJECT_ROOTS,
  releaseFifos,
  UPDATE_CORPUS,
  isValidCase,
  VALID_CASE,
  VALIDATE_DIR,
  writeExpectedOutput,
} from './support/corpus';
import { withDeadline } from '../support/deadline';

/** A hang guard: every case finishes in well under a second. */
const DEADLINE_MS = 20_000;

describe('validate corpus', () => {
  let root: string;
  let emulator: RunningEmulator;
  const context = (): ValidateTeamContext => ({ workspaceRoot: root, projectRoots: PROJECT_ROOTS, cacheDir: path.join(root, '.cache'), env: {} });

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'kfp-validate-corpus-'));
    corpusWorkspace(root, CORPUS_CASES);
    emulator = await startEmulator();
  });
  afterAll(async () => {
    await emulator?.close();
    releaseFifos(root);
    await fs.rm(root, { recursive: true, force: true });
  });

  it('covers every class of bad input, with the cases the suite promises', () => {
    expect(CORPUS_CASES.length).toBeGreaterThanOrEqual(150);
    expect(CORPUS_CASES).toEqual(
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

  it.each(CORPUS_CASES)('%s', async (name) => {
    const folder = path.join(root, 'corpus', name);
    const result = await withDeadline(validateTeam(folder, context()), DEADLINE_MS, `validate ${name}`);
    const printed = formatProblems(result.problems);
    if (UPDATE_CORPUS) writeExpectedOutput(name, printed);
    expect(printed).toBe(expectedOutput(name));
    expect(printed).not.toMatch(/^\s+at /m);
    // Every problem names a file of the case (or the case folder itself) with a line and a column.
    const located = new RegExp(`^corpus/${name}(/[^:]+)?:\\d+:\\d+ (error|warning) \\S`);
    for (const line of printed === '' ? [] : printed.split('\n')) expect(line).toMatch(located);

    if (isValidCase(name)) {
      expect(result.resolved).toBeDefined();
      return;
    }
    expect(printed).toMatch(new RegExp(`^corpus/${name}(/[^:]+)?:\\d+:\\d+ error `, 'm'));
    expect(validationPassed(result.problems, false)).toBe(false);
    expect(result.resolved).toBeUndefined();

    // reconcile validates first and changes nothing.
    const failure = await withDeadline(
      reconcileTeam({ folder, sources: context(), options: { host: `${emulator.url}/pipeline` }, env: {}, print: () => undefined }).then(
        () => new Error('reconcile succeeded'),
        (e: Error) => e,
      ),
      DEADLINE_MS,
      `reconcile ${name}`,
    );
    expect(failure).toBeInstanceOf(ReconcileError);
    expect(failure.message).toBe(`The team folder has errors; nothing was changed.\n${printed}`);
    expect(emulator.requests().filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('never repeats a secret from kfp-team.yaml', async () => {
    for (const name of ['secrets-in-team-settings', 'team-secret-keys', 'team-host-with-password', 'team-github-api-url-with-password']) {
      const result = await validateTeam(path.join(root, 'corpus', name), context());
      expect(JSON.stringify(result)).not.toMatch(/do-not-commit-me|abc123|ghp_notarealtoken|hunter2/);
    }
  });

  it('never shows the content of a file a symbolic link leads to outside the workspace', async () => {
    const outside = readFileSync('/etc/passwd', 'utf8').split('\n')[0];
    for (const name of CORPUS_CASES.filter((n) => n.includes('outside-workspace'))) {
      const result = await validateTeam(path.join(root, 'corpus', name), context());
      expect(formatProblems(result.problems)).not.toContain(outside);
    }
  });

  it('resolves the valid team into workflows and parameter values', async () => {
    const result = await validateTeam(path.join(root, 'corpus', VALID_CASE), context());
    const message = readFileSync(path.join(VALIDATE_DIR, 'fixtures/projects/example-pipeline/RENDERED_PIPELINE/params/custom_message'), 'utf8');
    const workflowText = readFileSync(path.join(VALIDATE_DIR, 'fixtures/projects/example-pipeline/RENDERED_PIPELINE/workflow.yaml'), 'utf8');
    const runs = result.resolved?.recurringRuns ?? [];
    expect(runs.map((r) => [r.spec.name, r.pipeline.displayName, r.parameters])).toEqual([
      [
        'nightly-training',
        'fixtures/projects/example-pipeline/RENDERED_PIPELINE/workflow.yaml',
        [{ name: 'custom_message', value: message, from: { displayName: 'fixtures/projects/example-pipeline/RENDERED_PIPELINE/params/custom_message' } }],
      ],
      ['hourly-check', 'fixtures/projects/example-pipeline/RENDERED_PIPELINE/workflow.yaml', [{ name: 'custom_message', value: '' }]],
    ]);
    const first = runs[0];
    expect(first?.pipeline.text).toBe(workflowText);
    expect(first?.pipeline.compiled.sdk === 'v1' && first.pipeline.compiled.workflow.metadata.generateName).toBe('pipeline-1-');
    expect(first?.pipeline.inputs).toEqual([{ name: 'custom_message', type: 'String', optional: false, default: undefined }]);
    expect(result.config).toMatchObject({ namespace: 'ml-team', recurringRuns: [{ keepHistory: 0, trigger: { startTime: '2024-01-01T00:00:00Z' } }, { enabled: false, trigger: { schedule: { kind: 'interval', seconds: 3600 } }, serviceAccount: 'pipeline-runner' }] });
  });

  it('KFP v2 parameters are converted to the types the pipeline declares, from text and from YAML values alike', async () => {
    const result = await validateTeam(path.join(root, 'corpus', 'valid-v2-typed-values'), context());
    const [typed, folder] = result.resolved?.recurringRuns ?? [];
    expect(typed?.pipeline.compiled.sdk).toBe('v2');
    expect(Object.fromEntries((typed?.parameters ?? []).map((p) => [p.name, p.value]))).toEqual({ tag: 'nightly', epochs: 10, learning_rate: 0.5, shuffle: false, layers: [128, 64] });
    expect(folder?.pipeline.displayName).toBe('fixtures/projects/typed-v2/RENDERED_PIPELINE/pipeline.yaml');
    expect(Object.fromEntries((folder?.parameters ?? []).map((p) => [p.name, p.value]))).toEqual({ tag: 'from a folder', layers: [1, 2] });
  });
});
