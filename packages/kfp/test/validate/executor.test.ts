// The validate executor as Nx calls it: a real ExecutorContext over the corpus
// folders, output captured from stdout/stderr.

import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import validateExecutor from '../../src/executors/validate/executor';
import type { ValidateExecutorOptions } from '../../src/executors/validate/schema';

const HERE = __dirname;

function contextFor(projectName: string | undefined): ExecutorContext {
  const projects = {
    'example-pipeline': { root: 'fixtures/projects/example-pipeline' },
    'valid-team': { root: 'corpus/valid-team' },
    'cron-errors': { root: 'corpus/cron-errors' },
  };
  return {
    root: HERE,
    cwd: HERE,
    isVerbose: false,
    projectName,
    targetName: 'validate',
    projectsConfigurations: { version: 2, projects },
    nxJsonConfiguration: {},
    projectGraph: { nodes: {}, dependencies: {} },
  } as ExecutorContext;
}

async function run(options: ValidateExecutorOptions, projectName?: string): Promise<{ success: boolean; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void out.push(args.join(' ')));
  const error = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void err.push(args.join(' ')));
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  try {
    const { success } = await validateExecutor(options, contextFor(projectName));
    return { success, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
    write.mockRestore();
  }
}

describe('validate executor', () => {
  let cacheDir: string;
  const previousCache = process.env.KFP_CACHE_DIR;
  beforeAll(async () => {
    cacheDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kfp-validate-exec-'));
    process.env.KFP_CACHE_DIR = cacheDir;
  });
  afterAll(async () => {
    if (previousCache === undefined) delete process.env.KFP_CACHE_DIR;
    else process.env.KFP_CACHE_DIR = previousCache;
    await fs.rm(cacheDir, { recursive: true, force: true });
  });

  it('defaults the folder to the project root and summarises a valid team', async () => {
    const result = await run({}, 'valid-team');
    expect(result).toEqual({
      success: true,
      stderr: '',
      stdout: [
        '✔ corpus/valid-team is valid (namespace ml-team, 1 experiment, 2 recurring runs; 0 warnings)',
        '  nightly-training: fixtures/projects/example-pipeline/RENDERED_PIPELINE/workflow.yaml, 1 parameter',
        '  hourly-check: fixtures/projects/example-pipeline/RENDERED_PIPELINE/workflow.yaml, 1 parameter',
      ].join('\n'),
    });
  });

  it('fails with every problem and a summary line', async () => {
    const result = await run({ folder: 'corpus/max-concurrency' });
    expect(result.success).toBe(false);
    expect(result.stderr).toBe(
      [
        'corpus/max-concurrency/recurring_runs.yaml:8:7 error recurring_runs[0].job.max_concurrency: must be between 1 and 10 (got 0)',
        'corpus/max-concurrency/recurring_runs.yaml:16:7 error recurring_runs[1].job.max_concurrency: must be between 1 and 10 (got 11)',
        '',
        '✖ corpus/max-concurrency: 2 errors, 0 warnings',
      ].join('\n'),
    );
  });

  it('prints { ok, problems } with --output json', async () => {
    const result = await run({ folder: 'corpus/undeclared-experiment', output: 'json' });
    expect(result.success).toBe(false);
    expect(JSON.parse(result.stdout)).toEqual({
      ok: false,
      problems: [
        {
          severity: 'error',
          file: 'corpus/undeclared-experiment/recurring_runs.yaml',
          line: 8,
          column: 7,
          path: 'recurring_runs[0].job.experiment',
          key: 'experiment',
          message: 'experiment "monthly" is not declared in experiments.yaml (it declares "nightly", "weekly")',
        },
      ],
    });
  });

  it('passes warnings by default and fails them with --strict', async () => {
    const team = path.join(cacheDir, 'strict-team');
    await fs.mkdir(team);
    try {
      await fs.writeFile(path.join(team, 'experiments.yaml'), 'experiments:\n  - name: nightly\n');
      await fs.writeFile(
        path.join(team, 'recurring_runs.yaml'),
        'recurring_runs:\n  - pipeline_source: {project: example-pipeline}\n    pipeline_parameters: [{name: custom_message, value: hi}]\n    job: {enabled: true, name: j, experiment: nightly, max_concurrency: 1, trigger: {catchup: false, cron: "0 0 * * *"}}\n',
      );
      const folder = path.relative(HERE, team);
      const lenient = await run({ folder });
      expect(lenient.success).toBe(true);
      expect(lenient.stdout).toContain(`${folder}/recurring_runs.yaml:4:102 warning recurring_runs[0].job.trigger.cron: KFP reads a 5-field cron`);
      const strict = await run({ folder, strict: true, output: 'json' });
      expect(strict.success).toBe(false);
      expect(JSON.parse(strict.stdout)).toMatchObject({ ok: false, problems: [{ severity: 'warning', key: 'cron' }] });
    } finally {
      await fs.rm(team, { recursive: true, force: true });
    }
  });

  it('explains a missing folder when not run from a project', async () => {
    const result = await run({});
    expect(result).toEqual({ success: false, stdout: '', stderr: '✖ validate: no team folder: set the folder option or run it as a target of the team project' });
  });
});
