import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeTeamFolder, type TeamAnalysis } from '../load-team-config';
import { formatProblem, sortProblems } from '../../config-file/problems';

/** Writes the given team files under <tmp workspace>/teams/<name> and loads them. */
export async function loadTempTeam(
  files: Record<string, string>,
  name = 'team-a',
): Promise<TeamAnalysis & { lines: string[]; workspace: string }> {
  const workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'kfp-team-'));
  try {
    const folder = path.join(workspace, 'teams', name);
    await fs.mkdir(folder, { recursive: true });
    for (const [file, text] of Object.entries(files)) await fs.writeFile(path.join(folder, file), text);
    const result = await analyzeTeamFolder(folder, { workspaceRoot: workspace });
    return { ...result, lines: sortProblems(result.problems).map(formatProblem), workspace };
  } finally {
    await fs.rm(workspace, { recursive: true, force: true });
  }
}

export const ONE_EXPERIMENT = 'experiments:\n  - name: exp\n';

/** A valid recurring_runs.yaml with one job; `job`, `source`, `params` and `extra` replace parts of it. */
export function recurringRuns(parts: { source?: string; params?: string; job?: string; trigger?: string; extra?: string } = {}): string {
  const source = parts.source ?? '    pipeline_source:\n      project: pipe\n';
  const trigger = parts.trigger ?? '        catchup: false\n        cron: "0 0 0 * * *"\n';
  const job = parts.job ?? `      enabled: true\n      name: job-1\n      experiment: exp\n      max_concurrency: 1\n      trigger:\n${trigger}`;
  return `recurring_runs:\n  - \n${source}${parts.params ?? ''}${parts.extra ?? ''}    job:\n${job}`;
}
