// Runs the real `git` CLI: no prompts, stable English messages, bounded time,
// output kept byte for byte (a parameter file's trailing newline matters).

import { redactUrl } from './display-name';
import { SourceError } from './resolve-context';

const GIT_TIMEOUT_MS = 120_000;

export interface GitResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export async function runGit(args: readonly string[], cwd: string): Promise<GitResult> {
  const { execa } = await import('execa');
  const result = await execa('git', args, {
    cwd,
    reject: false,
    stripFinalNewline: false,
    timeout: GIT_TIMEOUT_MS,
    stdin: 'ignore',
    env: { GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', GIT_OPTIONAL_LOCKS: '0' },
  });
  if (result.failed && result.exitCode === undefined) {
    if ((result as { code?: string }).code === 'ENOENT') throw new SourceError('git is not installed (or not on PATH); git sources need it');
    if (result.timedOut) throw new SourceError(`git ${args[0] ?? ''} did not finish within ${GIT_TIMEOUT_MS / 1000}s`);
    throw new SourceError(`git ${args[0] ?? ''} could not run: ${redactUrl(String(result.shortMessage ?? ''))}`);
  }
  return { stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? ''), exitCode: result.exitCode ?? 1 };
}

/** The last meaningful line of git's stderr, without credentials. */
export function gitReason(result: GitResult): string {
  const lines = result.stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('warning: filtering not recognized'));
  const line = lines.find((l) => l.startsWith('fatal:')) ?? lines[lines.length - 1] ?? `exit code ${result.exitCode}`;
  return line.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1***@');
}
