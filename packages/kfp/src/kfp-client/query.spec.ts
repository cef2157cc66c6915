import { buildQuery, encodeFilter, nameEquals } from './query';

/** What the KFP server does with the filter: the gateway decodes the query, then the server decodes again. */
function serverSideFilter(query: string): unknown {
  const raw = query.replace(/^\?/, '').split('&').find((part) => part.startsWith('filter='))?.slice('filter='.length) ?? '';
  const gatewayDecoded = decodeURIComponent(raw.replace(/\+/g, ' '));
  return JSON.parse(decodeURIComponent(gatewayDecoded.replace(/\+/g, ' ')));
}

describe('filter encoding', () => {
  it.each(['plain', 'a+b', '100% done', 'with spaces', 'GIT::job__2024-01-01T00-00-00Z', 'quote"s & ampersands=x'])(
    'survives the server decoding twice: %s',
    (name) => {
      const query = buildQuery([['filter', encodeFilter(nameEquals(name))]]);
      expect(serverSideFilter(query)).toEqual({ predicates: [{ key: 'name', op: 'EQUALS', string_value: name }] });
    },
  );

  it('would break on a single encoding (why the double encoding exists)', () => {
    const once = `?filter=${encodeURIComponent(JSON.stringify(nameEquals('a+b')))}`;
    const gatewayDecoded = decodeURIComponent(once.slice('?filter='.length));
    expect(decodeURIComponent(gatewayDecoded.replace(/\+/g, ' '))).toContain('"a b"');
  });
});

describe('buildQuery', () => {
  it('skips undefined values and encodes keys and values once', () => {
    expect(buildQuery([['page_token', undefined], ['page_size', 100], ['sort_by', 'created_at desc'], ['resource_reference_key.type', 'NAMESPACE']])).toBe(
      '?page_size=100&sort_by=created_at%20desc&resource_reference_key.type=NAMESPACE',
    );
    expect(buildQuery([['x', undefined]])).toBe('');
  });
});
