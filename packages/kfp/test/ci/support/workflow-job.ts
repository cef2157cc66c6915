// Runs the steps of one job of a workflow in .github/workflows the way the
// GitHub runner does: each step's `run` exactly as written, in bash with -e and
// pipefail, with the job's and the step's `env:`, its own GITHUB_STEP_SUMMARY
// and GITHUB_ENV, and what earlier steps wrote to GITHUB_ENV. `${{ }}` values
// of `env:` are looked up in a table of expressions the test gives, so a step
// that reads a variable the workflow does not set, or an expression the test
// did not expect, fails.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT, runCommand, type CommandResult } from '../../support/fixture-workspace';

interface Step {
  id?: string;
  name?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string | number | boolean>;
}

interface Job {
  env?: Record<string, string>;
  steps: Step[];
}

export interface JobOptions {
  cwd: string;
  /** The runner's environment: PATH, GITHUB_* variables. */
  env: NodeJS.ProcessEnv;
  /** The value of each `${{ expression }}` the job's steps use in `env:`. */
  expressions: Record<string, string>;
}

export interface WorkflowJob {
  /** Runs the step with this id; what it writes to GITHUB_ENV reaches the later steps. */
  step(id: string): Promise<CommandResult>;
  /** Every step's summary so far, in order (what the run's page shows). */
  summary(): string;
  /** RUNNER_TEMP, shared by the job's steps. */
  temp: string;
  /** What the steps have set through GITHUB_ENV. */
  exported: Record<string, string>;
}

interface Workflow {
  on: { workflow_call?: { inputs: Record<string, unknown>; secrets: Record<string, unknown> } };
  jobs: Record<string, Job>;
}

function readWorkflow(file: string): Workflow {
  return parse(readFileSync(join(REPO_ROOT, '.github/workflows', file), 'utf8')) as Workflow;
}

export function readJob(file: string, job: string): Job {
  const found = readWorkflow(file).jobs[job];
  if (!found) throw new Error(`${file}: no job ${job}`);
  return found;
}

/** The inputs and secrets a reusable workflow declares. */
export function readWorkflowCall(file: string): { inputs: Record<string, unknown>; secrets: Record<string, unknown> } {
  const call = readWorkflow(file).on.workflow_call;
  if (!call) throw new Error(`${file} is not a reusable workflow`);
  return call;
}

export function workflowJob(file: string, jobId: string, options: JobOptions): WorkflowJob {
  const job = readJob(file, jobId);
  const temp = mkdtempSync(join(tmpdir(), 'kfp-runner-temp-'));
  const exported: Record<string, string> = {};
  const summaries: string[] = [];
  let stepCount = 0;

  const evaluate = (where: string, values: Record<string, string | number | boolean> = {}): Record<string, string> =>
    Object.fromEntries(
      Object.entries(values).map(([name, value]) => {
        const expression = /^\$\{\{\s*(.+?)\s*\}\}$/s.exec(String(value))?.[1];
        if (expression === undefined) return [name, String(value)];
        if (!(expression in options.expressions)) throw new Error(`${where}: ${name} uses \${{ ${expression} }}, which the test gives no value`);
        return [name, options.expressions[expression]];
      }),
    );

  return {
    temp,
    exported,
    summary: () => summaries.join(''),
    async step(id) {
      const step = job.steps.find((s) => s.id === id);
      if (!step?.run) throw new Error(`${file}: job ${jobId} has no step ${id} with a run command`);
      if (step.run.includes('${{')) throw new Error(`${file}: step ${id} has an expression in its run command; pass it through env:`);
      const files = join(temp, `.step-${++stepCount}`);
      const envFile = `${files}-env`;
      const summaryFile = `${files}-summary`;
      writeFileSync(envFile, '');
      writeFileSync(summaryFile, '');
      const result = await runCommand('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], {
        cwd: options.cwd,
        env: { ...options.env, RUNNER_TEMP: temp, ...evaluate(`job ${jobId}`, job.env), ...exported, ...evaluate(`step ${id}`, step.env), GITHUB_ENV: envFile, GITHUB_STEP_SUMMARY: summaryFile },
      });
      for (const line of readFileSync(envFile, 'utf8').split('\n').filter(Boolean)) {
        const [name, ...value] = line.split('=');
        if (!name || value.length === 0) throw new Error(`step ${id} wrote a GITHUB_ENV line this runner does not read: ${line}`);
        exported[name] = value.join('=');
      }
      summaries.push(readFileSync(summaryFile, 'utf8'));
      return result;
    },
  };
}
