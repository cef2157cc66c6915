import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// The venv set-up command users run (npm run setup:kfp): real venv, real pip,
// with a requirements file that needs no download.
const script = resolve(__dirname, '../../bin/kfp-venv.js');
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kfp-venv-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function kfpVenv(...args: string[]) {
  const result = spawnSync(process.execPath, [script, ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, KFP_VENV: undefined } });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

test('creates the venv once, then reports it up to date until the requirements change', () => {
  writeFileSync(join(dir, 'requirements.txt'), '# nothing to install\n');
  const first = kfpVenv();
  expect(first.output).toContain('kfp-venv: creating .venv with Python 3.');
  expect(first.code).toBe(0);
  expect(existsSync(join(dir, '.venv/bin/python'))).toBe(true);
  const stamp = readFileSync(join(dir, '.venv/.kfp-venv-stamp'), 'utf8');

  const second = kfpVenv();
  expect(second.code).toBe(0);
  expect(second.output).toMatch(/^kfp-venv: \.venv is up to date \(Python 3\.[\d.]+, requirements\.txt\)\n$/);

  writeFileSync(join(dir, 'requirements.txt'), '# still nothing, but different\n');
  expect(kfpVenv().output).toContain('kfp-venv: creating .venv');
  expect(readFileSync(join(dir, '.venv/.kfp-venv-stamp'), 'utf8')).not.toBe(stamp);
}, 120_000);

test('clear errors for a missing requirements file, a bad interpreter and an unknown option', () => {
  expect(kfpVenv('--requirements', 'nope.txt')).toEqual({ code: 1, output: expect.stringContaining('kfp-venv: requirements file not found:') });
  writeFileSync(join(dir, 'requirements.txt'), '');
  expect(kfpVenv('--python', 'no-such-python3')).toEqual({ code: 1, output: expect.stringContaining('base interpreter "no-such-python3" is not runnable') });
  expect(kfpVenv('--fast')).toEqual({ code: 1, output: expect.stringContaining('unknown option --fast') });
  expect(kfpVenv('--help').output).toContain('Usage: kfp-venv');
});
