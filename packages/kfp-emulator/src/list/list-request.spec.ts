import { GatewayInputError } from '../errors/api-error';
import { apiErrorOf } from '../errors/__fixtures__/api-error-of';
import { listPage, parsePageSize } from './list-request';
import { itemModel as model, type Item } from './__fixtures__/item-model';

// c, d and a share one second (d's 5900 ms is still second 5): their UUIDs break the tie, not creation order.
const items: Item[] = [
  { id: 'f3', name: 'd', createdMs: 5900 },
  { id: 'a9', name: 'z', createdMs: 1000 },
  { id: 'c2', name: 'c', createdMs: 5000 },
  { id: '07', name: 'b', createdMs: 2000 },
  { id: 'e1', name: 'a', createdMs: 5000 },
];

function pagesOf(query: { page_size?: string; sort_by?: string; filter?: string }): string[][] {
  const pages: string[][] = [];
  let token = '';
  do {
    const page = listPage(items, model, { ...query, page_token: token });
    pages.push(page.items.map((i) => i.name));
    token = page.nextPageToken;
  } while (token && pages.length < 10);
  return pages;
}

describe('listPage', () => {
  it('defaults to created_at (whole seconds) ascending, ties by UUID: ORDER BY CreatedAtInSec, UUID', () => {
    expect(listPage(items, model, {}).items.map((i) => i.name)).toEqual(['z', 'b', 'c', 'a', 'd']);
  });

  it('pages with opaque base64 tokens and reports the total of all matches', () => {
    const first = listPage(items, model, { page_size: '2' });
    expect(first.totalSize).toBe(5);
    expect(first.nextPageToken).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(pagesOf({ page_size: '2' })).toEqual([['z', 'b'], ['c', 'a'], ['d']]);
  });

  it('pages in descending order, UUIDs descending too, including through equal timestamps', () => {
    expect(pagesOf({ page_size: '2', sort_by: 'created_at desc' })).toEqual([['d', 'a'], ['c', 'b'], ['z']]);
    expect(pagesOf({ page_size: '1', sort_by: 'created_at desc' }).flat()).toEqual(['d', 'a', 'c', 'b', 'z']);
  });

  it('sorts by name, case-insensitively (field and direction)', () => {
    expect(pagesOf({ page_size: '3', sort_by: 'Name DESC' })).toEqual([['z', 'd', 'c'], ['b', 'a']]);
  });

  it('keeps the filter in the token and counts only matches', () => {
    const filter = encodeURIComponent(JSON.stringify({ predicates: [{ op: 'GREATER_THAN', key: 'created_at', int_value: 1 }] }));
    const first = listPage(items, model, { page_size: '1', filter });
    expect(first.totalSize).toBe(4);
    const second = listPage(items, model, { page_size: '1', page_token: first.nextPageToken });
    expect(second.items.map((i) => i.name)).toEqual(['c']);
  });

  it('rejects a token used with different sort or filter criteria', () => {
    const token = listPage(items, model, { page_size: '1', sort_by: 'name' }).nextPageToken;
    const error = apiErrorOf(() => listPage(items, model, { page_token: token, sort_by: 'name desc' }));
    expect(error.message).toMatch(/^page token does not match the supplied sort by and\/or filtering criteria/);
    expect(() => listPage(items, model, { page_token: token, sort_by: 'name' })).not.toThrow();
  });

  it('rejects garbage and foreign tokens', () => {
    expect(apiErrorOf(() => listPage(items, model, { page_token: 'not a token!' })).message).toBe('Invalid package token');
    const foreign = Buffer.from(JSON.stringify({ Model: 'runs' })).toString('base64');
    expect(apiErrorOf(() => listPage(items, model, { page_token: foreign })).code).toBe(3);
  });

  it('rejects unknown sort fields and directions', () => {
    expect(apiErrorOf(() => listPage(items, model, { sort_by: 'owner' })).message).toBe('Invalid sorting field: "owner" on listable type Item');
    expect(apiErrorOf(() => listPage(items, model, { sort_by: 'name sideways' })).message).toBe(
      'Received invalid sort by format "name sideways". Supported format: "field_name", "field_name desc", or "field_name asc"',
    );
  });
});

describe('parsePageSize', () => {
  it('defaults to 20, clamps to 200 and rejects negatives', () => {
    expect(parsePageSize(undefined)).toBe(20);
    expect(parsePageSize('0')).toBe(20);
    expect(parsePageSize('7')).toBe(7);
    expect(parsePageSize('5000')).toBe(200);
    // list.validatePageSize formats the int with %q, which prints U+FFFD for a negative number.
    expect(apiErrorOf(() => parsePageSize('-1')).message).toBe("The page size should be greater than 0. Got '\uFFFD'");
  });

  it('reads page_size as the gateway reads an int32 (strconv.ParseInt, base 0), failing with its text', () => {
    expect(parsePageSize('0x10')).toBe(16);
    expect(parsePageSize('010')).toBe(8);
    expect(() => parsePageSize('ten')).toThrow(new GatewayInputError('strconv.ParseInt: parsing "ten": invalid syntax'));
    expect(() => parsePageSize('99999999999')).toThrow(new GatewayInputError('strconv.ParseInt: parsing "99999999999": value out of range'));
  });
});
