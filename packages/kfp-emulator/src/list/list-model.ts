/** What a listable resource exposes to sorting and filtering. */
export type FieldKind = 'string' | 'time' | 'number';

export interface ListField<T> {
  kind: FieldKind;
  /** Value used for filtering and ordering (time fields: unix seconds, as the database stores them). */
  value: (item: T) => string | number;
  /** Maps accepted alternative spellings of a filter value to the stored one. */
  normalizeExpected?: (value: string) => string;
}

export interface ListModel<T> {
  /** Table name, bound into page tokens. */
  name: string;
  /** Go type name, as the server names it in "Invalid sorting field ... on listable type Job". */
  typeName: string;
  /** API field name -> accessor (aliases map to the same accessor). */
  fields: Record<string, ListField<T>>;
  /** The primary key (UUID): the tie-breaker of every ordering, as in `ORDER BY field, UUID`. */
  key: (item: T) => string;
}

export const stringField = <T>(get: (item: T) => string): ListField<T> => ({ kind: 'string', value: get });

export const timeField = <T>(getMs: (item: T) => number): ListField<T> => ({
  kind: 'time',
  value: (item) => Math.floor(getMs(item) / 1000),
});
