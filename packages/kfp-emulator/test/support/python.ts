import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const PYTHON = join(__dirname, '..', '..', '..', '..', '.venv', 'bin', 'python');
const SCRIPTS = join(__dirname, '..', 'python');

/**
 * Runs a conformance script with the project's kfp==1.8.22 venv and returns the JSON object it
 * prints last. HOME is a fresh directory so no ~/.config/kfp/context.json leaks in. Async, so the
 * in-process emulator keeps serving while Python talks to it.
 */
export async function runPythonScript(script: string, args: string[]): Promise<Record<string, unknown>> {
  const home = mkdtempSync(join(tmpdir(), 'kfp-emulator-py-'));
  try {
    const { stdout } = await run(PYTHON, [join(SCRIPTS, script), ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: home, PYTHONDONTWRITEBYTECODE: '1', PYTHONPATH: SCRIPTS },
      timeout: 60_000,
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
