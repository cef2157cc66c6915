export type FilterOp =
  | 'EQUALS'
  | 'NOT_EQUALS'
  | 'GREATER_THAN'
  | 'GREATER_THAN_EQUALS'
  | 'LESS_THAN'
  | 'LESS_THAN_EQUALS'
  | 'IN'
  | 'IS_SUBSTRING';

/** One predicate of a KFP list filter, in the proto's own (snake_case) names. */
export interface FilterPredicate {
  key: string;
  op: FilterOp;
  string_value?: string;
  int_value?: number;
  long_value?: string;
  timestamp_value?: string;
  string_values?: { values: string[] };
  int_values?: { values: number[] };
  long_values?: { values: string[] };
}

/** Predicates are AND-ed by the server. */
export interface ListFilter {
  predicates: FilterPredicate[];
}

/** The filter the v1 SDK uses to find an object by its exact name. */
export function nameEquals(name: string): ListFilter {
  return { predicates: [{ key: 'name', op: 'EQUALS', string_value: name }] };
}

/** The same for the v2beta1 API, whose filter says `operation` where v1beta1 says `op`, and names are display names. */
export function displayNameEqualsV2(name: string): { predicates: Array<{ key: string; operation: FilterOp; string_value: string }> } {
  return { predicates: [{ key: 'display_name', operation: 'EQUALS', string_value: name }] };
}

/**
 * Encodes a filter for the `filter` query parameter. The result is encoded
 * once more by `buildQuery`: the gateway URL-decodes the query and the KFP
 * server then decodes the filter a second time, so a single encoding would
 * turn `+` into a space and break on `%`.
 */
export function encodeFilter(filter: ListFilter | ReturnType<typeof displayNameEqualsV2>): string {
  return encodeURIComponent(JSON.stringify(filter));
}

export type QueryValue = string | number | boolean | undefined;

/** Builds `?k=v&...` (or '' when empty), skipping undefined values and encoding each key and value once. */
export function buildQuery(params: ReadonlyArray<readonly [string, QueryValue]>): string {
  const parts = params
    .filter((entry): entry is readonly [string, string | number | boolean] => entry[1] !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}
