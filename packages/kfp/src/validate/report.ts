import { countProblems, formatProblems, type ConfigProblem } from '../config-file/problems';
import type { ValidateTeamResult } from './validate-team';

/** Whether the task succeeds: no error, and no warning either in strict mode. */
export function validationPassed(problems: readonly ConfigProblem[], strict: boolean): boolean {
  const { errors, warnings } = countProblems(problems);
  return errors === 0 && (!strict || warnings === 0);
}

/** One line per problem, then a summary readable at a glance. */
export function formatTextReport(folder: string, result: ValidateTeamResult, strict: boolean): string {
  const { errors, warnings } = countProblems(result.problems);
  const lines: string[] = [];
  if (result.problems.length > 0) lines.push(formatProblems(result.problems), '');
  const passed = validationPassed(result.problems, strict);
  const counts = `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
  if (!passed) {
    const why = errors === 0 ? ' (--strict: warnings fail)' : '';
    lines.push(`✖ ${folder}: ${counts}${why}`);
    return lines.join('\n');
  }
  const config = result.config;
  const runs = result.resolved?.recurringRuns ?? [];
  const contents = config ? `namespace ${config.namespace}, ${plural(config.experiments.length, 'experiment')}, ${plural(config.recurringRuns.length, 'recurring run')}` : '';
  lines.push(`✔ ${folder} is valid (${contents}; ${plural(warnings, 'warning')})`);
  for (const run of runs) {
    const revision = run.pipeline.revision ? ` @ ${run.pipeline.revision.slice(0, 12)}` : '';
    const sdk = run.pipeline.compiled.sdk === 'v2' ? ' (KFP v2)' : '';
    lines.push(`  ${run.spec.name}: ${run.pipeline.displayName}${sdk}${revision}, ${plural(run.parameters.length, 'parameter')}`);
  }
  return lines.join('\n');
}

/** `{ ok, problems }`, as documented for --output json. */
export function formatJsonReport(result: ValidateTeamResult, strict: boolean): string {
  return JSON.stringify({ ok: validationPassed(result.problems, strict), problems: result.problems }, null, 2);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
