import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPO = join(__dirname, '..', '..', '..', '..');
const TEST = join(__dirname, '..');

/** The project's Python environments and the conformance scripts written for each SDK. */
export const SDK = {
  /** kfp==1.8.22 (packages/kfp/python/requirements.txt), scripts in test/python. */
  v1: { python: join(REPO, '.venv', 'bin', 'python'), scripts: join(TEST, 'python') },
  /** kfp==2.8.0 (packages/kfp/python/requirements-v2.txt), scripts in test/python-v2. */
  v2: { python: join(REPO, '.venv-v2', 'bin', 'python'), scripts: join(TEST, 'python-v2') },
} as const;

/**
 * Runs a conformance script with one of the project's venvs and returns the JSON object it prints
 * last. HOME is a fresh directory so no ~/.config/kfp/context.json leaks in. Async, so the in-process
 * emulator keeps serving while Python talks to it.
 */
export async function runPythonScript(script: string, args: string[], sdk: keyof typeof SDK = 'v1'): Promise<Record<string, unknown>> {
  const { python, scripts } = SDK[sdk];
  const home = mkdtempSync(join(tmpdir(), 'kfp-emulator-py-'));
  try {
    const { stdout } = await run(python, [join(scripts, script), ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: home, PYTHONDONTWRITEBYTECODE: '1', PYTHONPATH: scripts },
      timeout: 90_000,
      maxBuffer: 16 << 20,
    });
    const lines = stdout.trim().split('\n');
    return JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`${script} failed: ${e.message}\n${e.stderr ?? ''}`);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
