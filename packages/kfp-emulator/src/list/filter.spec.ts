import { ApiError } from '../errors/api-error';
import { matchesFilter, parseFilter } from './filter';
import { itemModel as model, type Item } from './__fixtures__/item-model';

const items: Item[] = [
  { id: 'id-1', name: 'alpha', createdMs: 1_000_000 },
  { id: 'id-2', name: 'beta', createdMs: 2_000_000 },
  { id: 'id-3', name: 'alphabet', createdMs: 3_000_000 },
];

/** What the gateway hands the server: the JSON URL-encoded once more than the client-side encoding. */
const onceDecoded = (filter: unknown) => encodeURIComponent(JSON.stringify(filter));

function names(filter: unknown): string[] {
  const parsed = parseFilter(onceDecoded(filter), model);
  return items.filter((i) => matchesFilter(i, parsed, model)).map((i) => i.name);
}

describe('filter decoding and matching', () => {
  it('accepts the v1 SDK form (numeric op, camelCase value)', () => {
    expect(names({ predicates: [{ op: 1, key: 'name', stringValue: 'beta' }] })).toEqual(['beta']);
  });

  it('accepts op names and snake_case values, and ANDs predicates', () => {
    expect(
      names({
        predicates: [
          { op: 'IS_SUBSTRING', key: 'name', string_value: 'alpha' },
          { op: 'GREATER_THAN', key: 'created_at', int_value: 1500 },
        ],
      }),
    ).toEqual(['alphabet']);
  });

  it('compares timestamps as unix seconds', () => {
    expect(names({ predicates: [{ op: 'LESS_THAN_EQUALS', key: 'created_at', timestamp_value: '1970-01-01T00:33:20Z' }] })).toEqual([
      'alpha',
      'beta',
    ]);
    expect(names({ predicates: [{ op: 'GREATER_THAN_EQUALS', key: 'created_at', long_value: '3000' }] })).toEqual(['alphabet']);
  });

  it('supports IN with string_values and NOT_EQUALS', () => {
    expect(names({ predicates: [{ op: 8, key: 'name', string_values: { values: ['alpha', 'beta'] } }] })).toEqual(['alpha', 'beta']);
    expect(names({ predicates: [{ op: 'NOT_EQUALS', key: 'name', stringValue: 'alpha' }] })).toEqual(['beta', 'alphabet']);
  });

  it('decodes twice: a literal + becomes a space, as on the real server', () => {
    const filter = { predicates: [{ op: 1, key: 'name', string_value: 'a+b' }] };
    const parsed = parseFilter(encodeURIComponent(JSON.stringify(filter)).replace(/%2B/g, '+'), model);
    expect(parsed.predicates[0].value).toBe('a b');
  });

  it('rejects a stray % (second unescape fails)', () => {
    expect(() => parseFilter(JSON.stringify({ predicates: [{ op: 1, key: 'name', string_value: '100%' }] }), model)).toThrow(
      /failed to parse valid filter/,
    );
  });

  it.each([
    [{ predicates: [{ op: 1, key: 'owner', string_value: 'x' }] }, /no support for filtering on unrecognized field "owner"/],
    [{ predicates: [{ op: 4, key: 'name', string_value: 'x' }] }, /failed to parse valid filter/],
    [{ predicates: [{ op: 'IN', key: 'name', string_value: 'x' }] }, /IN operator/],
    [{ predicates: [{ op: 1, key: 'name', string_values: { values: ['x'] } }] }, /single value/],
    [{ predicates: [{ op: 1, key: 'name', string_value: 'x', int_value: 1 }] }, /failed to parse valid filter/],
    [{ predicates: [{ op: 1, key: 'name', string_value: 'x', extra: 1 }] }, /unknown field "extra"/],
    [{ predicates: [{ op: 1, key: 'name' }] }, /has no value/],
  ])('rejects %j with a 400', (filter, message) => {
    let caught: unknown;
    try {
      parseFilter(onceDecoded(filter), model);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ApiError);
    expect((caught as ApiError).code).toBe(3);
    expect((caught as ApiError).message).toMatch(message);
  });

  it('rejects text that is not JSON', () => {
    expect(() => parseFilter('name=alpha', model)).toThrow(/failed to parse valid filter/);
  });
});
