import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { interpreterHint, resolveInterpreter } from './interpreter';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'kfp-interp-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const venv = (folder: string) => {
  mkdirSync(join(root, folder, 'bin'), { recursive: true });
  writeFileSync(join(root, folder, 'bin/python'), '');
};

test('v1: KFP_PYTHON wins, then the option, then .venv, then python3', () => {
  venv('.venv');
  expect(resolveInterpreter(root, 'tools/py/bin/python', { KFP_PYTHON: '/opt/py/bin/python' })).toEqual({ command: '/opt/py/bin/python', source: 'env', sdk: 'v1' });
  expect(resolveInterpreter(root, 'tools/py/bin/python', {})).toEqual({ command: join(root, 'tools/py/bin/python'), source: 'option', sdk: 'v1' });
  expect(resolveInterpreter(root, 'python3.11', {})).toEqual({ command: 'python3.11', source: 'option', sdk: 'v1' });
  expect(resolveInterpreter(root, undefined, { KFP_PYTHON: '  ' })).toEqual({ command: join(root, '.venv/bin/python'), source: 'venv', sdk: 'v1' });
  rmSync(join(root, '.venv'), { recursive: true });
  expect(resolveInterpreter(root, undefined, {})).toEqual({ command: 'python3', source: 'PATH', sdk: 'v1' });
});

test('v2: KFP_PYTHON_V2 wins, then the option, then .venv-v2, then python3; the v1 variable and venv are never used', () => {
  venv('.venv');
  venv('.venv-v2');
  const env = { KFP_PYTHON: '/opt/v1/bin/python' };
  expect(resolveInterpreter(root, 'tools/v2/bin/python', { ...env, KFP_PYTHON_V2: '/opt/v2/bin/python' }, 'v2')).toEqual({ command: '/opt/v2/bin/python', source: 'env', sdk: 'v2' });
  expect(resolveInterpreter(root, 'tools/v2/bin/python', env, 'v2')).toEqual({ command: join(root, 'tools/v2/bin/python'), source: 'option', sdk: 'v2' });
  expect(resolveInterpreter(root, undefined, env, 'v2')).toEqual({ command: join(root, '.venv-v2/bin/python'), source: 'venv', sdk: 'v2' });
  rmSync(join(root, '.venv-v2'), { recursive: true });
  expect(resolveInterpreter(root, undefined, {}, 'v2')).toEqual({ command: 'python3', source: 'PATH', sdk: 'v2' });
});

test('the hint says where the interpreter came from and names the environment of its SDK', () => {
  expect(interpreterHint({ command: 'x', source: 'env', sdk: 'v1' })).toContain('KFP_PYTHON environment variable');
  expect(interpreterHint({ command: 'python3', source: 'PATH', sdk: 'v1' })).toContain('npm run setup:kfp');
  const v2 = interpreterHint({ command: 'python3', source: 'PATH', sdk: 'v2' });
  expect(v2).toContain('for v2 pipelines (no .venv-v2 was found in the workspace, so python3 from PATH was used)');
  expect(v2).toContain('npm run setup:kfp');
  expect(v2).toContain('or set KFP_PYTHON_V2 to an interpreter that has kfp==2.8.0 installed');
  expect(interpreterHint({ command: 'p', source: 'option', sdk: 'v2' })).toContain('the "pythonV2" option');
});
