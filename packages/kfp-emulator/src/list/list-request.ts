import { GatewayInputError, invalidInput } from '../errors/api-error';
import { canonicalFilter, matchesFilter, parseFilter, type Filter, type FilterApi } from './filter';
import type { ListModel } from './list-model';
import { decodePageToken, encodePageToken, invalidPageToken, type PageToken } from './page-token';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 200;

/** The paging query parameters of every list call, already URL-decoded once, and the API whose Filter proto `filter` is. */
export interface ListQuery {
  page_token?: string;
  page_size?: string;
  sort_by?: string;
  filter?: string;
  api?: FilterApi;
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

/**
 * page_size as grpc-gateway reads it into an int32 (runtime.Int32: strconv.ParseInt base 0), then
 * list.validatePageSize at 2.1.0: negative is an error (its "%q" prints the Unicode replacement
 * character for a negative int), 0 means 20, more than 200 means 200.
 */
export function parsePageSize(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_PAGE_SIZE;
  const size = parseGoInt32(raw);
  if (size < 0) throw invalidInput("The page size should be greater than 0. Got '\uFFFD'");
  if (size === 0) return DEFAULT_PAGE_SIZE;
  return Math.min(size, MAX_PAGE_SIZE);
}

/** strconv.ParseInt(raw, 0, 32): decimal, 0x hex, 0o/leading-0 octal, 0b binary, optional sign and underscores. */
function parseGoInt32(raw: string): number {
  const syntax = () => new GatewayInputError(`strconv.ParseInt: parsing ${JSON.stringify(raw)}: invalid syntax`);
  const match = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO]?[0-7_]*|[1-9][0-9_]*)$/.exec(raw);
  if (!match || /__|_$|^[+-]?_/.test(raw)) throw syntax();
  const digits = match[2].replace(/_/g, '');
  const value = /^0[xXbBoO]/.test(digits) ? Number(digits.toLowerCase()) : digits.length > 1 && digits.startsWith('0') ? parseInt(digits, 8) : Number(digits);
  const signed = match[1] === '-' ? -value : value;
  if (!Number.isFinite(signed) || signed < -(2 ** 31) || signed >= 2 ** 31) {
    throw new GatewayInputError(`strconv.ParseInt: parsing ${JSON.stringify(raw)}: value out of range`);
  }
  return signed;
}

/** `field`, `field asc` or `field desc`, case-insensitive (list.NewOptions lower-cases it); empty = created_at ascending. */
export function parseSortBy<T>(raw: string | undefined, model: ListModel<T>): { sortField: string; desc: boolean } {
  const parts = (raw ?? '').toLowerCase().split(/\s+/).filter((p) => p !== '');
  if (parts.length > 2 || (parts.length === 2 && parts[1] !== 'asc' && parts[1] !== 'desc')) {
    throw invalidInput(
      `Received invalid sort by format ${JSON.stringify(raw ?? '')}. Supported format: "field_name", "field_name desc", or "field_name asc"`,
    );
  }
  if (parts.length === 0) return { sortField: 'created_at', desc: false };
  const [field, direction = 'asc'] = parts;
  if (!(field in model.fields)) throw invalidInput(`Invalid sorting field: ${JSON.stringify(field)} on listable type ${model.typeName}`);
  return { sortField: field, desc: direction === 'desc' };
}

function compareValues(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Filters, orders and pages `items` like the KFP list calls: `ORDER BY field <dir>, UUID <dir>`
 * (list.Options.AddSortingToSelect at 2.1.0), so rows that share the sort value come in UUID order,
 * not in creation order. A page token names the first row of the next page by both values.
 */
export function listPage<T>(all: readonly T[], model: ListModel<T>, query: ListQuery): ListPage<T> {
  const pageSize = parsePageSize(query.page_size);
  const { criteria, token } = resolveCriteria(model, query);
  const field = model.fields[criteria.sortField];
  const direction = criteria.desc ? -1 : 1;
  const compareTo = (item: T, value: string | number, key: string): number =>
    direction * (compareValues(field.value(item), value) || compareValues(model.key(item), key));

  const matching = all
    .filter((item) => matchesFilter(item, criteria.filter, model))
    .sort((a, b) => compareTo(a, field.value(b), model.key(b)));
  let start = 0;
  if (token) {
    start = matching.findIndex((item) => compareTo(item, token.SortByFieldValue, token.KeyFieldValue) >= 0);
    if (start < 0) start = matching.length;
  }
  const items = matching.slice(start, start + pageSize);
  const next = matching[start + pageSize];
  const nextPageToken = next
    ? encodePageToken({
        Model: model.name,
        SortByFieldName: criteria.sortField,
        SortByFieldValue: field.value(next),
        KeyFieldName: 'UUID',
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
  const requested = { ...parseSortBy(query.sort_by, model), filter: parseFilter(query.filter ?? '', model, query.api) };
  if (!query.page_token) return { criteria: requested };

  const token = decodePageToken(query.page_token);
  if (token.Model !== model.name || !(token.SortByFieldName in model.fields)) throw invalidPageToken();
  const tokenFilter = parseTokenFilter(token.Filter, model);
  const sortMismatch = sortGiven && (requested.sortField !== token.SortByFieldName || requested.desc !== token.IsDesc);
  const filterMismatch = filterGiven && canonicalFilter(requested.filter) !== canonicalFilter(tokenFilter);
  if (sortMismatch || filterMismatch) {
    throw invalidInput(
      'page token does not match the supplied sort by and/or filtering criteria. Either specify the same criteria or leave the latter empty if page token is specified',
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
  throw invalidPageToken();
}
