import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, runCommand, type CommandResult } from '../support/fixture-workspace';

export interface BenchmarkRun extends CommandResult {
  /** The rows of the Markdown table it printed, as cells. */
  rows: string[][];
  report: Record<string, unknown>;
}

/** Runs a benchmark script of tools/benchmark at the given (tiny) sizes, with its JSON report in a temporary folder. */
export async function runBenchmark(script: string, args: string[]): Promise<BenchmarkRun> {
  const dir = mkdtempSync(join(tmpdir(), 'kfp-bench-smoke-'));
  try {
    const report = join(dir, 'report.json');
    const result = await runCommand(process.execPath, [join(REPO_ROOT, 'tools/benchmark', script), ...args, '--report', report], { cwd: REPO_ROOT, env: process.env });
    if (result.code !== 0) throw new Error(`${script} failed with exit code ${result.code}:\n${result.output}`);
    const rows = result.stdout
      .split('\n')
      .filter((line) => line.startsWith('| '))
      .map((line) => line.slice(2, -2).split(' | '));
    return { ...result, rows, report: JSON.parse(readFileSync(report, 'utf8')) as Record<string, unknown> };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
