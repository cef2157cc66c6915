import { normalizePluginOptions, PluginOptionsError } from './options';

test('defaults', () => {
  expect(normalizePluginOptions(undefined)).toEqual({
    renderTargetName: 'render',
    runTargetName: 'run',
    validateTargetName: 'validate',
    planTargetName: 'plan',
    reconcileTargetName: 'reconcile',
    requirementsFile: 'requirements.txt',
    requirementsFileV2: 'requirements-v2.txt',
    sharedPythonPaths: [],
    renderTimeout: 300,
  });
});

test('renamed targets, interpreter and shared folders (trailing slashes and ./ removed)', () => {
  const options = normalizePluginOptions({ renderTargetName: 'kfp-render', python: 'venvs/kfp/bin/python', sharedPythonPaths: ['./common_python/', 'libs/py'] });
  expect(options.renderTargetName).toBe('kfp-render');
  expect(options.python).toBe('venvs/kfp/bin/python');
  expect(options.sharedPythonPaths).toEqual(['common_python', 'libs/py']);
});

test('a bad option gets one readable error naming every problem', () => {
  let message = '';
  try {
    normalizePluginOptions({ sharedPythonPaths: 'common', renderTimeout: -1, renderTarget: 'x' });
  } catch (e) {
    expect(e).toBeInstanceOf(PluginOptionsError);
    message = (e as Error).message;
  }
  expect(message).toMatch(/^Invalid options for the "kfp" plugin in nx.json:\n/);
  expect(message).toContain('"renderTarget": unknown option (known: renderTargetName,');
  expect(message).toContain('  - sharedPythonPaths: ');
  expect(message).toContain('  - renderTimeout: ');
});

test('target names must be distinct and well formed', () => {
  expect(() => normalizePluginOptions({ planTargetName: 'reconcile' })).toThrow('the target name "reconcile" is used twice');
  expect(() => normalizePluginOptions({ runTargetName: 'has space' })).toThrow('runTargetName: must be a target name');
});
