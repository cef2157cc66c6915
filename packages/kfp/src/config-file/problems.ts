/** One finding about a team folder, positioned like a compiler diagnostic. */
export interface ConfigProblem {
  severity: 'error' | 'warning';
  /** Workspace-relative path of the file the problem is in (POSIX separators). */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** Where in the document, e.g. `recurring_runs[0].job.trigger.cron`; '' for the whole file. */
  path: string;
  /** The offending key (the last key of `path`), '' when there is none. */
  key: string;
  message: string;
}

/** A path inside a parsed YAML document: mapping keys and sequence indexes. */
export type DocPath = ReadonlyArray<string | number>;

/** A problem before it is given a file position. */
export interface PendingProblem {
  severity: 'error' | 'warning';
  path: DocPath;
  message: string;
}

export const error = (path: DocPath, message: string): PendingProblem => ({ severity: 'error', path, message });
export const warning = (path: DocPath, message: string): PendingProblem => ({ severity: 'warning', path, message });

/** `recurring_runs[0].job.trigger.cron` */
export function formatDocPath(path: DocPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    // A key with spaces or other punctuation is quoted: environments["prod env"].
    else if (!/^[A-Za-z0-9_.-]+$/.test(segment)) out += `[${JSON.stringify(segment)}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/** The last mapping key of a path, '' when there is none. */
export function lastKey(path: DocPath): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const segment = path[i];
    if (typeof segment === 'string') return segment;
  }
  return '';
}

/** Orders problems by file, then position, errors before warnings at the same spot. */
export function sortProblems(problems: readonly ConfigProblem[]): ConfigProblem[] {
  return [...problems].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) ||
      a.path.localeCompare(b.path) ||
      a.message.localeCompare(b.message),
  );
}

/** `team-1/recurring_runs.yaml:42:9 error recurring_runs[0].job.max_concurrency: must be between 1 and 10 (got 0)` */
export function formatProblem(problem: ConfigProblem): string {
  const where = `${problem.file}:${problem.line}:${problem.column}`;
  const subject = problem.path === '' ? '' : `${problem.path}: `;
  return `${where} ${problem.severity} ${subject}${problem.message}`;
}

/** One line per problem, sorted, as a compiler prints them. */
export function formatProblems(problems: readonly ConfigProblem[]): string {
  return sortProblems(problems).map(formatProblem).join('\n');
}

export function countProblems(problems: readonly ConfigProblem[]): { errors: number; warnings: number } {
  const errors = problems.filter((p) => p.severity === 'error').length;
  return { errors, warnings: problems.length - errors };
}

export function hasErrors(problems: readonly ConfigProblem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}
