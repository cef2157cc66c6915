import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// The venv set-up command users run (npm run setup:kfp, npm run setup:python here): real venv, real
// pip, with requirements files that need no download.
const script = resolve(__dirname, '../../bin/kfp-venv.js');
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kfp-venv-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function kfpVenv(...args: string[]) {
  const result = spawnSync(process.execPath, [script, ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, KFP_VENV: undefined } });
  return { code: result.status, output: `${result.stdout}${result.stderr}`, stdout: result.stdout };
}

/** A wheel of an empty package, built with the real zipfile module, so pip installs something without a download. */
function writeLocalWheel(name: string): string {
  const file = `${name}-0.1-py3-none-any.whl`;
  const build = [
    'import sys, zipfile',
    'name, path = sys.argv[1], sys.argv[2]',
    'info = f"{name}-0.1.dist-info"',
    'files = {f"{name}/__init__.py": "", f"{info}/METADATA": f"Metadata-Version: 2.1\\nName: {name}\\nVersion: 0.1\\n",',
    '         f"{info}/WHEEL": "Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n"}',
    'with zipfile.ZipFile(path, "w") as z:',
    '    for n, text in files.items(): z.writestr(n, text)',
    '    z.writestr(f"{info}/RECORD", "".join(f"{n},,\\n" for n in [*files, f"{info}/RECORD"]))',
  ].join('\n');
  const result = spawnSync('python3', ['-c', build, name, join(dir, file)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return file;
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

test('sets up one environment per --requirements/--venv pair, each with its own stamp, and shows what pip does', () => {
  const wheel = writeLocalWheel('kfpvenvprobe');
  writeFileSync(join(dir, 'requirements.txt'), '# the v1 environment: nothing to install\n');
  writeFileSync(join(dir, 'requirements-v2.txt'), `./${wheel}\n`);

  const first = kfpVenv('--requirements', 'requirements.txt', '--requirements', 'requirements-v2.txt', '--venv', '.venv-v2');
  expect(first.code).toBe(0);
  // pip's own progress reaches the user, line by line, marked with the environment it is for.
  expect(first.stdout).toContain(`  .venv-v2 | Processing ./${wheel}`);
  expect(first.stdout).toContain('  .venv-v2 | Successfully installed kfpvenvprobe-0.1');
  expect(first.stdout.indexOf('kfp-venv: creating .venv with')).toBeLessThan(first.stdout.indexOf('kfp-venv: creating .venv-v2 with'));
  expect(first.stdout).toMatch(/kfp-venv: \.venv-v2 ready in \d+s, interpreter /);
  const imported = spawnSync(join(dir, '.venv-v2/bin/python'), ['-c', 'import kfpvenvprobe'], { encoding: 'utf8' });
  expect(imported.status).toBe(0);
  expect(spawnSync(join(dir, '.venv/bin/python'), ['-c', 'import kfpvenvprobe']).status).not.toBe(0);

  // Only the environment whose requirements changed is made again.
  writeFileSync(join(dir, 'requirements.txt'), '# the v1 environment: still nothing, but different\n');
  const second = kfpVenv('--requirements', 'requirements.txt', '--requirements', 'requirements-v2.txt', '--venv', '.venv-v2');
  expect(second.code).toBe(0);
  expect(second.output).toContain('kfp-venv: creating .venv with');
  expect(second.output).toMatch(/kfp-venv: \.venv-v2 is up to date \(Python 3\.[\d.]+, requirements-v2\.txt\)\n/);
}, 120_000);

test('clear errors for a missing requirements file, a bad interpreter, unpaired or clashing environments and an unknown option', () => {
  expect(kfpVenv('--requirements', 'nope.txt')).toMatchObject({ code: 1, output: expect.stringContaining('kfp-venv: requirements file not found:') });
  writeFileSync(join(dir, 'requirements.txt'), '');
  expect(kfpVenv('--python', 'no-such-python3')).toMatchObject({ code: 1, output: expect.stringContaining('base interpreter "no-such-python3" is not runnable') });
  expect(kfpVenv('--requirements', 'requirements.txt', '--requirements', 'requirements.txt')).toMatchObject({
    code: 1,
    output: expect.stringContaining('each further environment needs both --requirements and --venv (environment 2 has only --requirements requirements.txt)'),
  });
  expect(kfpVenv('--venv', 'a', '--requirements', 'requirements.txt', '--venv', './a', '--requirements', 'requirements.txt')).toMatchObject({
    code: 1,
    output: expect.stringMatching(/two environments would share the folder .*\/a\n/),
  });
  expect(kfpVenv('--heartbeat', '0')).toMatchObject({ code: 1, output: expect.stringContaining('--heartbeat needs a positive number of seconds, got "0"') });
  expect(kfpVenv('--fast')).toMatchObject({ code: 1, output: expect.stringContaining('unknown option --fast') });
  expect(kfpVenv('--help').output).toContain('Usage: kfp-venv');
  expect(existsSync(join(dir, '.venv'))).toBe(false);
});
