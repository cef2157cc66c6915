import { ApiError } from '../errors/api-error';
import { listPage, parsePageSize } from './list-request';
import { stringField, timeField, type ListModel } from './list-model';

interface Item {
  seq: number;
  name: string;
  createdMs: number;
}

const model: ListModel<Item> = {
  name: 'items',
  key: (i) => i.seq,
  fields: { name: stringField((i) => i.name), created_at: timeField((i) => i.createdMs) },
};

// Items 3..6 share one timestamp: creation order (seq) must break the tie.
const items: Item[] = [
  { seq: 4, name: 'd', createdMs: 5000 },
  { seq: 1, name: 'z', createdMs: 1000 },
  { seq: 3, name: 'c', createdMs: 5000 },
  { seq: 2, name: 'b', createdMs: 2000 },
  { seq: 5, name: 'a', createdMs: 5000 },
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

function apiErrorOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}

describe('listPage', () => {
  it('defaults to created_at ascending with creation order as tie-break', () => {
    expect(listPage(items, model, {}).items.map((i) => i.name)).toEqual(['z', 'b', 'c', 'd', 'a']);
  });

  it('pages with opaque base64 tokens and reports the total of all matches', () => {
    const first = listPage(items, model, { page_size: '2' });
    expect(first.totalSize).toBe(5);
    expect(first.nextPageToken).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(pagesOf({ page_size: '2' })).toEqual([['z', 'b'], ['c', 'd'], ['a']]);
  });

  it('pages in descending order, including through equal timestamps', () => {
    expect(pagesOf({ page_size: '2', sort_by: 'created_at desc' })).toEqual([['a', 'd'], ['c', 'b'], ['z']]);
  });

  it('sorts by name, case-insensitively parsing the direction', () => {
    expect(pagesOf({ page_size: '3', sort_by: 'name DESC' })).toEqual([['z', 'd', 'c'], ['b', 'a']]);
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
    expect(apiErrorOf(() => listPage(items, model, { page_token: 'not a token!' })).message).toBe('Invalid package token.');
    const foreign = Buffer.from(JSON.stringify({ Model: 'runs' })).toString('base64');
    expect(apiErrorOf(() => listPage(items, model, { page_token: foreign })).code).toBe(3);
  });

  it('rejects unknown sort fields and directions', () => {
    expect(apiErrorOf(() => listPage(items, model, { sort_by: 'owner' })).message).toMatch(/Invalid sorting field: "owner"/);
    expect(apiErrorOf(() => listPage(items, model, { sort_by: 'name sideways' })).message).toMatch(/Invalid sorting order/);
  });
});

describe('parsePageSize', () => {
  it('defaults to 20, clamps to 200 and rejects negatives', () => {
    expect(parsePageSize(undefined)).toBe(20);
    expect(parsePageSize('0')).toBe(20);
    expect(parsePageSize('7')).toBe(7);
    expect(parsePageSize('5000')).toBe(200);
    expect(apiErrorOf(() => parsePageSize('-1')).message).toBe('The page size should be greater than 0. Got -1');
    expect(apiErrorOf(() => parsePageSize('ten')).code).toBe(3);
  });
});
