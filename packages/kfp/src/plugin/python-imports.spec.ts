import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { importedModules, pythonFiles, SharedPythonIndex } from './python-imports';

test('importedModules reads top-level names from import lines', () => {
  const source = [
    'import os, sys as system',
    'import kfp.dsl',
    'from kfp_common.settings import x  # comment',
    'from . import sibling',
    'from .local import thing',
    '    import nested_inside_function',
    '# import commented_out',
    'print("import not_an_import")',
  ].join('\n');
  expect([...importedModules(source)].sort()).toEqual(['kfp', 'kfp_common', 'nested_inside_function', 'os', 'sys']);
});

describe('SharedPythonIndex', () => {
  let root: string;
  const write = (path: string, text = '') => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'kfp-imports-'));
    write('libs/python/settings/__init__.py', 'from naming import slug\n');
    write('libs/naming/naming.py', '');
    write('libs/unused/thing.py', '');
    write('common_python/__init__.py', '');
    write('pipelines/a/pipeline.py', 'from settings import env\n');
    write('pipelines/b/pipeline.py', 'import kfp\n');
    write('pipelines/c/pipeline.py', 'from common_python.helpers import x\n');
    write('pipelines/c/RENDERED_PIPELINE/ignored.py', 'import unused_thing\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('finds the shared folders a pipeline uses, transitively, in option order', () => {
    const index = new SharedPythonIndex(root, ['libs/naming', 'libs/python', 'libs/unused', 'common_python']);
    expect(index.usedBy('pipelines/a')).toEqual(['libs/naming', 'libs/python']);
    expect(index.usedBy('pipelines/b')).toEqual([]);
    expect(index.usedBy('pipelines/c')).toEqual(['common_python']);
  });

  test('pythonFiles skips rendered output and caches', () => {
    write('pipelines/a/__pycache__/x.py', '');
    expect(pythonFiles(join(root, 'pipelines/c')).map((f) => f.slice(root.length + 1))).toEqual(['pipelines/c/pipeline.py']);
    expect(pythonFiles(join(root, 'pipelines/a')).map((f) => f.slice(root.length + 1))).toEqual(['pipelines/a/pipeline.py']);
  });
});
