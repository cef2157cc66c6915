import { IgnoreRules } from './ignore-rules';

const rules = (text: string, folder = '/ws') => IgnoreRules.parse(text, folder);
const file = (r: IgnoreRules, path: string) => r.verdict(`/ws/${path}`, false);
const folder = (r: IgnoreRules, path: string) => r.verdict(`/ws/${path}`, true);

test('a pattern without a slash matches a name at any depth; with one, only from the file’s folder', () => {
  const r = rules('dist\n/build\nlibs/tmp\n');
  expect(file(r, 'dist')).toBe('ignore');
  expect(folder(r, 'a/b/dist')).toBe('ignore');
  expect(folder(r, 'build')).toBe('ignore');
  expect(folder(r, 'a/build')).toBeUndefined();
  expect(folder(r, 'libs/tmp')).toBe('ignore');
  expect(folder(r, 'x/libs/tmp')).toBeUndefined();
});

test('a trailing slash matches folders only; the last matching pattern decides, `!` keeps', () => {
  const r = rules('out/\n*.log\n!keep.log\n');
  expect(folder(r, 'out')).toBe('ignore');
  expect(file(r, 'out')).toBeUndefined();
  expect(file(r, 'a/x.log')).toBe('ignore');
  expect(file(r, 'a/keep.log')).toBe('keep');
  expect(file(r, 'a/x.txt')).toBeUndefined();
});

test('* and ? stay within a name, ** spans folders, classes and escapes', () => {
  const r = rules('a/*.py\n**/gen/**\nx/**/y\nv[0-9]\n\\#hash\n\\!bang\nsp\\ \n# a comment\n');
  expect(file(r, 'a/p.py')).toBe('ignore');
  expect(file(r, 'a/b/p.py')).toBeUndefined();
  expect(file(r, 'q/gen/deep/f')).toBe('ignore');
  expect(folder(r, 'x/y')).toBe('ignore');
  expect(folder(r, 'x/1/2/y')).toBe('ignore');
  expect(folder(r, 'v7')).toBe('ignore');
  expect(folder(r, 'vx')).toBeUndefined();
  expect(file(r, '#hash')).toBe('ignore');
  expect(file(r, '!bang')).toBe('ignore');
  expect(file(r, 'sp ')).toBe('ignore');
  expect(file(r, '# a comment')).toBeUndefined();
});

test('paths outside the file’s folder are not its business', () => {
  const r = rules('*', '/ws/sub');
  expect(file(r, 'top')).toBeUndefined();
  expect(file(r, 'sub/x')).toBe('ignore');
});
