import { unifiedDiff } from './line-diff';

test('unifiedDiff prints hunks with context and line numbers', () => {
  const oldText = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'].join('\n');
  const newText = ['1', '2', '3', '4', 'five', '6', '7', '8', '9', '10', '11', '12', '13'].join('\n');
  expect(unifiedDiff(oldText, newText, { context: 1, oldLabel: 'a', newLabel: 'b' })).toBe(
    ['--- a', '+++ b', '@@ -4,3 +4,3 @@', ' 4', '-5', '+five', ' 6', '@@ -12,1 +12,2 @@', ' 12', '+13'].join('\n'),
  );
  expect(unifiedDiff('same', 'same')).toBe('');
});

test('unifiedDiff of an added and a removed text', () => {
  expect(unifiedDiff('', 'new\n', { oldLabel: 'a', newLabel: 'b' })).toBe(['--- a', '+++ b', '@@ -0,0 +1,1 @@', '+new'].join('\n'));
  expect(unifiedDiff('old', '', { oldLabel: 'a', newLabel: 'b' })).toBe(['--- a', '+++ b', '@@ -1,1 +0,0 @@', '-old'].join('\n'));
});

test('unifiedDiff stops after maxLines', () => {
  const a = Array.from({ length: 100 }, (_, i) => `a${i}`).join('\n');
  const b = Array.from({ length: 100 }, (_, i) => `b${i}`).join('\n');
  const out = unifiedDiff(a, b, { maxLines: 10 }).split('\n');
  expect(out).toHaveLength(11);
  expect(out[10]).toMatch(/^\.\.\. \(\d+\+ more diff lines\)$/);
});
