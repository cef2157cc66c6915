import { compareRenders, diffParams, diffValues, valuesEqual } from './compare';

describe('valuesEqual', () => {
  test.each([
    [{ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] }, true],
    [1.0000000001, 1.0000000002, true],
    [0.1, 0.2, false],
    [1, 1.5, false],
    [null, null, true],
    [null, undefined, false],
    ['1', 1, false],
    [[1, 2], [2, 1], false],
    [{ a: 1 }, { a: 1, b: 2 }, false],
    [{ a: undefined }, { b: undefined }, false],
  ])('%j vs %j -> %s', (a, b, equal) => {
    expect(valuesEqual(a, b)).toBe(equal);
  });
});

test('diffValues reports changed, added and removed paths in document order', () => {
  const before = { spec: { templates: [{ name: 'a', image: 'python:3.10' }, { name: 'b' }], keep: 1, gone: true } };
  const after = { spec: { templates: [{ name: 'a', image: 'python:3.11' }, { name: 'b' }], keep: 1, 'new/key': 'x' } };
  expect(diffValues(before, after)).toEqual([
    { path: 'spec.templates[0].image', kind: 'changed', before: 'python:3.10', after: 'python:3.11' },
    { path: 'spec.gone', kind: 'removed', before: true },
    { path: 'spec."new/key"', kind: 'added', after: 'x' },
  ]);
  expect(diffValues([1, 2], [1, 2, 3])).toEqual([{ path: '(document)', kind: 'changed', before: [1, 2], after: [1, 2, 3] }]);
});

test('params are compared by name and exact text (a trailing newline matters)', () => {
  const before = new Map([['a', 'x'], ['b', 'same'], ['c', 'text\n']]);
  const after = new Map([['b', 'same'], ['c', 'text'], ['d', '']]);
  expect(diffParams(before, after)).toEqual({ added: ['d'], removed: ['a'], changed: ['c'] });
});

test('compareRenders is equal only when documents and params both match', () => {
  const params = new Map([['p', 'v']]);
  expect(compareRenders({ documents: [{ a: 1 }], params }, { documents: [{ a: 1 }], params: new Map(params) }).equal).toBe(true);
  expect(compareRenders({ documents: [{ a: 1 }], params }, { documents: [{ a: 2 }], params }).equal).toBe(false);
  expect(compareRenders({ documents: [{ a: 1 }], params }, { documents: [{ a: 1 }], params: new Map() }).equal).toBe(false);
});

test('a platform spec document added to a v2 render shows as added keys', () => {
  const params = new Map<string, string>();
  const platform = { platforms: { kubernetes: { deploymentSpec: {} } } };
  const comparison = compareRenders({ documents: [{ root: {} }], params }, { documents: [{ root: {} }, platform], params });
  expect(comparison.equal).toBe(false);
  expect(comparison.documents).toEqual([{ path: 'platforms', kind: 'added', after: platform.platforms }]);
  expect(compareRenders({ documents: [{ root: {} }, platform], params }, { documents: [{ root: {} }], params }).documents).toEqual([{ path: 'platforms', kind: 'removed', before: platform.platforms }]);
});
