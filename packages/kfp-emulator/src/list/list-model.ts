/** What a listable resource exposes to sorting and filtering. */
export type FieldKind = 'string' | 'time' | 'number';

export interface ListField<T> {
  kind: FieldKind;
  /** Value used for filtering (time fields: unix seconds). */
  filterValue: (item: T) => string | number;
  /** Value used for ordering (time fields: emulated ms, so creation order survives equal seconds). */
  sortValue: (item: T) => string | number;
  /** Maps accepted alternative spellings of a filter value to the stored one. */
  normalizeExpected?: (value: string) => string;
}

export interface ListModel<T> {
  /** Model name bound into page tokens. */
  name: string;
  /** API field name -> accessor (aliases map to the same accessor). */
  fields: Record<string, ListField<T>>;
  /** Creation sequence, the tie-breaker ("key field"). */
  key: (item: T) => number;
}

export const stringField = <T>(get: (item: T) => string): ListField<T> => ({ kind: 'string', filterValue: get, sortValue: get });

export const timeField = <T>(getMs: (item: T) => number): ListField<T> => ({
  kind: 'time',
  filterValue: (item) => Math.floor(getMs(item) / 1000),
  sortValue: getMs,
});
