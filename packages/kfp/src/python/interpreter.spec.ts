import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { interpreterHint, resolveInterpreter } from './interpreter';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'kfp-interp-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

test('KFP_PYTHON wins, then the option, then .venv, then python3', () => {
  mkdirSync(join(root, '.venv/bin'), { recursive: true });
  writeFileSync(join(root, '.venv/bin/python'), '');
  expect(resolveInterpreter(root, 'tools/py/bin/python', { KFP_PYTHON: '/opt/py/bin/python' })).toEqual({ command: '/opt/py/bin/python', source: 'KFP_PYTHON' });
  expect(resolveInterpreter(root, 'tools/py/bin/python', {})).toEqual({ command: join(root, 'tools/py/bin/python'), source: 'option' });
  expect(resolveInterpreter(root, 'python3.11', {})).toEqual({ command: 'python3.11', source: 'option' });
  expect(resolveInterpreter(root, undefined, { KFP_PYTHON: '  ' })).toEqual({ command: join(root, '.venv/bin/python'), source: 'venv' });
  rmSync(join(root, '.venv'), { recursive: true });
  expect(resolveInterpreter(root, undefined, {})).toEqual({ command: 'python3', source: 'PATH' });
});

test('the hint says where the interpreter came from and how to fix it', () => {
  expect(interpreterHint({ command: 'x', source: 'KFP_PYTHON' })).toContain('KFP_PYTHON environment variable');
  expect(interpreterHint({ command: 'python3', source: 'PATH' })).toContain('npm run setup:kfp');
});
