import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { interpreterRuntimeInput } from './pipeline-targets';

// Nx hashes what the runtime input prints, in a shell at the workspace root.
const fingerprint = (cwd: string, env: NodeJS.ProcessEnv) =>
  execFileSync('sh', ['-c', interpreterRuntimeInput(undefined).runtime], { cwd, env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });

test('the render key names the interpreter by its versions, not by where it is installed', () => {
  const python3 = realpathSync(execFileSync('sh', ['-c', 'command -v python3'], { encoding: 'utf8' }).trim());
  const elsewhere = mkdtempSync(join(tmpdir(), 'kfp-interpreter-'));
  try {
    symlinkSync(python3, join(elsewhere, 'python'));
    const here = fingerprint(tmpdir(), { KFP_PYTHON: python3 });
    expect(here).toMatch(/^python 3\.\d+\.\d+ kfp \S+\n$/);
    expect(fingerprint(elsewhere, { KFP_PYTHON: join(elsewhere, 'python') })).toBe(here);
    // Without KFP_PYTHON (and no .venv), the fallback still says which Python it is.
    expect(fingerprint(elsewhere, {})).toContain('Python 3.');
  } finally {
    rmSync(elsewhere, { recursive: true, force: true });
  }
});
