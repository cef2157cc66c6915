// Runs the real `git` CLI: no prompts, stable English messages, only the
// transports that just fetch, bounded time, output kept byte for byte (a
// parameter file's trailing newline matters).

import { redactUrl } from './display-name';
import { ALLOWED_GIT_PROTOCOLS } from './git-transports';
import { SourceError } from './resolve-context';

/** How long one git command may take unless KFP_GIT_TIMEOUT (seconds) says otherwise. */
export const DEFAULT_GIT_TIMEOUT_MS = 120_000;

/** KFP_GIT_TIMEOUT (seconds) when it is a positive number, else the default. */
export function gitTimeoutMs(env: Readonly<Record<string, string | undefined>>): number {
  const seconds = Number(env.KFP_GIT_TIMEOUT);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_GIT_TIMEOUT_MS;
}

export interface GitResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** stdout exactly as git wrote it (with `bytes: true`). */
  stdoutBytes?: Uint8Array;
}

export async function runGit(args: readonly string[], cwd: string, timeoutMs = DEFAULT_GIT_TIMEOUT_MS, output: { bytes?: boolean } = {}): Promise<GitResult> {
  const { execa } = await import('execa');
  const subprocess = execa('git', args, {
    cwd,
    reject: false,
    stripFinalNewline: false,
    encoding: output.bytes ? 'buffer' : 'utf8',
    stdin: 'ignore',
    // Its own process group, so that a timeout ends git's helpers too (git-remote-http
    // holding the pipes open would otherwise keep us waiting after git itself is gone).
    detached: true,
    env: { GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', GIT_OPTIONAL_LOCKS: '0', GIT_ALLOW_PROTOCOL: ALLOWED_GIT_PROTOCOLS.join(':') },
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(subprocess.pid);
  }, timeoutMs);
  const result = await subprocess.finally(() => clearTimeout(timer));
  const command = `git ${args[0] ?? ''}`;
  if (timedOut) throw new SourceError(`${command} timed out after ${Math.round(timeoutMs / 1000)} s (the server accepted the connection but did not answer); set KFP_GIT_TIMEOUT (seconds) to wait longer`);
  if (result.failed && result.exitCode === undefined) {
    if ((result as { code?: string }).code === 'ENOENT') throw new SourceError('git is not installed (or not on PATH); git sources need it');
    throw new SourceError(`${command} could not run: ${redactUrl(String(result.shortMessage ?? ''))}`);
  }
  const stderr = typeof result.stderr === 'string' ? result.stderr : Buffer.from(result.stderr ?? []).toString('utf8');
  if (output.bytes) {
    const bytes = result.stdout instanceof Uint8Array ? result.stdout : new Uint8Array();
    return { stdout: '', stdoutBytes: bytes, stderr, exitCode: result.exitCode ?? 1 };
  }
  return { stdout: String(result.stdout ?? ''), stderr, exitCode: result.exitCode ?? 1 };
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
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
