import { invalidInput } from '../errors/api-error';
import { canonicalFilter, matchesFilter, parseFilter, type Filter } from './filter';
import type { ListModel } from './list-model';
import { decodePageToken, encodePageToken, type PageToken } from './page-token';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 200;

/** The paging query parameters of every v1beta1 list call, already URL-decoded once. */
export interface ListQuery {
  page_token?: string;
  page_size?: string;
  sort_by?: string;
  filter?: string;
}

export interface ListPage<T> {
  items: T[];
  totalSize: number;
  nextPageToken: string;
}

interface Criteria {
  sortField: string;
  desc: boolean;
  filter: Filter;
}

export function parsePageSize(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_PAGE_SIZE;
  if (!/^[+-]?\d+$/.test(raw)) throw invalidInput(`page_size ${JSON.stringify(raw)} is not an integer`);
  const size = Number(raw);
  if (size < 0) throw invalidInput(`The page size should be greater than 0. Got ${size}`);
  if (size === 0) return DEFAULT_PAGE_SIZE;
  return Math.min(size, MAX_PAGE_SIZE);
}

/** `field`, `field asc` or `field desc` (case-insensitive direction); empty = created_at ascending. */
export function parseSortBy<T>(raw: string | undefined, model: ListModel<T>): { sortField: string; desc: boolean } {
  const parts = (raw ?? '').trim().split(/\s+/).filter((p) => p !== '');
  if (parts.length === 0) return { sortField: 'created_at', desc: false };
  if (parts.length > 2) throw invalidInput(`Invalid sorting format: ${JSON.stringify(raw)}. Expected "field", "field asc" or "field desc"`);
  const [field, direction = 'asc'] = parts;
  if (!(field in model.fields)) throw invalidInput(`Invalid sorting field: ${JSON.stringify(field)} on ${model.name}`);
  const dir = direction.toLowerCase();
  if (dir !== 'asc' && dir !== 'desc') throw invalidInput(`Invalid sorting order: ${JSON.stringify(direction)}`);
  return { sortField: field, desc: dir === 'desc' };
}

function compareValues(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Filters, orders (sort field, then creation sequence) and pages `items` like the KFP list calls. */
export function listPage<T>(all: readonly T[], model: ListModel<T>, query: ListQuery): ListPage<T> {
  const pageSize = parsePageSize(query.page_size);
  const { criteria, token } = resolveCriteria(model, query);
  const field = model.fields[criteria.sortField];
  const direction = criteria.desc ? -1 : 1;
  const order = (a: T, b: T): number =>
    direction * (compareValues(field.sortValue(a), field.sortValue(b)) || model.key(a) - model.key(b));

  const matching = all.filter((item) => matchesFilter(item, criteria.filter, model)).sort(order);
  let start = 0;
  if (token) {
    start = matching.findIndex(
      (item) => direction * (compareValues(field.sortValue(item), token.SortByFieldValue) || model.key(item) - token.KeyFieldValue) >= 0,
    );
    if (start < 0) start = matching.length;
  }
  const items = matching.slice(start, start + pageSize);
  const next = matching[start + pageSize];
  const nextPageToken = next
    ? encodePageToken({
        Model: model.name,
        SortByFieldName: criteria.sortField,
        SortByFieldValue: field.sortValue(next),
        KeyFieldName: 'seq',
        KeyFieldValue: model.key(next),
        IsDesc: criteria.desc,
        Filter: JSON.stringify(criteria.filter),
      })
    : '';
  return { items, totalSize: matching.length, nextPageToken };
}

function resolveCriteria<T>(model: ListModel<T>, query: ListQuery): { criteria: Criteria; token?: PageToken } {
  const sortGiven = (query.sort_by ?? '').trim() !== '';
  const filterGiven = (query.filter ?? '') !== '';
  const requested = { ...parseSortBy(query.sort_by, model), filter: parseFilter(query.filter ?? '', model) };
  if (!query.page_token) return { criteria: requested };

  const token = decodePageToken(query.page_token);
  if (token.Model !== model.name || !(token.SortByFieldName in model.fields)) throw invalidInput('Invalid package token.');
  const tokenFilter = parseTokenFilter(token.Filter, model);
  const sortMismatch = sortGiven && (requested.sortField !== token.SortByFieldName || requested.desc !== token.IsDesc);
  const filterMismatch = filterGiven && canonicalFilter(requested.filter) !== canonicalFilter(tokenFilter);
  if (sortMismatch || filterMismatch) {
    throw invalidInput(
      'page token does not match the supplied sort by and/or filtering criteria. Either specify the same criteria or leave the latter empty if page token is specified.',
    );
  }
  return { criteria: { sortField: token.SortByFieldName, desc: token.IsDesc, filter: tokenFilter }, token };
}

function parseTokenFilter<T>(text: string, model: ListModel<T>): Filter {
  try {
    const filter = JSON.parse(text) as Filter;
    if (Array.isArray(filter.predicates) && filter.predicates.every((p) => p.key in model.fields)) return filter;
  } catch {
    // fall through: a token we did not issue
  }
  throw invalidInput('Invalid package token.');
}
