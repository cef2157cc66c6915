import { diffLines, unifiedDiff } from './line-diff';

test('diffLines finds a minimal edit script', () => {
  const ops = diffLines('a\nb\nc\nd\n', 'a\nx\nc\nd\ne\n').map((l) => `${l.op}${l.text}`);
  expect(ops).toEqual([' a', '-b', '+x', ' c', ' d', '+e']);
});

test('diffLines of equal and of empty texts', () => {
  expect(diffLines('same\n', 'same\n')).toEqual([{ op: ' ', text: 'same' }]);
  expect(diffLines('', 'new\n')).toEqual([{ op: '+', text: 'new' }]);
  expect(diffLines('old\n', '')).toEqual([{ op: '-', text: 'old' }]);
});

test('applying the edit script to the old text gives the new text', () => {
  const oldLines = Array.from({ length: 200 }, (_, i) => `line ${i % 17} ${i % 5}`);
  const newLines = oldLines.filter((_, i) => i % 7 !== 0).map((l, i) => (i % 11 === 0 ? `${l} changed` : l));
  const ops = diffLines(oldLines.join('\n'), newLines.join('\n'));
  expect(ops.filter((l) => l.op !== '+').map((l) => l.text)).toEqual(oldLines);
  expect(ops.filter((l) => l.op !== '-').map((l) => l.text)).toEqual(newLines);
});

test('unifiedDiff prints hunks with context and line numbers', () => {
  const oldText = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'].join('\n');
  const newText = ['1', '2', '3', '4', 'five', '6', '7', '8', '9', '10', '11', '12', '13'].join('\n');
  expect(unifiedDiff(oldText, newText, { context: 1, oldLabel: 'a', newLabel: 'b' })).toBe(
    ['--- a', '+++ b', '@@ -4,3 +4,3 @@', ' 4', '-5', '+five', ' 6', '@@ -12,1 +12,2 @@', ' 12', '+13'].join('\n'),
  );
  expect(unifiedDiff('same', 'same')).toBe('');
});

test('unifiedDiff stops after maxLines', () => {
  const a = Array.from({ length: 100 }, (_, i) => `a${i}`).join('\n');
  const b = Array.from({ length: 100 }, (_, i) => `b${i}`).join('\n');
  const out = unifiedDiff(a, b, { maxLines: 10 }).split('\n');
  expect(out).toHaveLength(11);
  expect(out[10]).toMatch(/^\.\.\. \(\d+\+ more diff lines\)$/);
});
