import { ApiError, invalidInput } from '../errors/api-error';
import { decodeMessage, type MessageSchema } from '../wire/message-schema';
import { goQueryUnescape } from '../wire/query';
import type { ListField, ListModel } from './list-model';

/** The Filter proto: predicates AND-ed together. v1beta1 names the operation `op`, v2beta1 `operation`. */
export const PREDICATE_OPS = ['UNKNOWN', 'EQUALS', 'NOT_EQUALS', 'GREATER_THAN', '', 'GREATER_THAN_EQUALS', 'LESS_THAN', 'LESS_THAN_EQUALS', 'IN', 'IS_SUBSTRING'] as const;
export type PredicateOp = Exclude<(typeof PREDICATE_OPS)[number], ''>;
const V2_PREDICATE_OPS = ['OPERATION_UNSPECIFIED', ...PREDICATE_OPS.slice(1)];

export type FilterApi = 'v1beta1' | 'v2beta1';

export type FilterValue = string | number | (string | number)[];

export interface Predicate {
  key: string;
  op: PredicateOp;
  value: FilterValue;
}

export interface Filter {
  predicates: Predicate[];
}

const listOf = (kind: 'int32' | 'int64' | 'string'): MessageSchema => ({ name: 'Values', fields: { values: { kind: 'repeated', of: { kind } } } });
const VALUE_FIELDS = ['int_value', 'long_value', 'string_value', 'timestamp_value', 'int_values', 'long_values', 'string_values'];
const predicateSchema = (api: FilterApi): MessageSchema => ({
  name: 'Predicate',
  fields: {
    ...(api === 'v1beta1' ? { op: { kind: 'enum', values: PREDICATE_OPS } } : { operation: { kind: 'enum', values: V2_PREDICATE_OPS } }),
    key: { kind: 'string' },
    int_value: { kind: 'int32' },
    long_value: { kind: 'int64' },
    string_value: { kind: 'string' },
    timestamp_value: { kind: 'timestamp' },
    int_values: { kind: 'message', schema: () => listOf('int32') },
    long_values: { kind: 'message', schema: () => listOf('int64') },
    string_values: { kind: 'message', schema: () => listOf('string') },
  },
  oneofs: [VALUE_FIELDS],
});
const FILTER_SCHEMAS: Record<FilterApi, MessageSchema> = {
  v1beta1: { name: 'Filter', fields: { predicates: { kind: 'repeated', of: { kind: 'message', schema: () => predicateSchema('v1beta1') } } } },
  v2beta1: { name: 'Filter', fields: { predicates: { kind: 'repeated', of: { kind: 'message', schema: () => predicateSchema('v2beta1') } } } },
};

interface DecodedPredicate {
  op?: PredicateOp | 'OPERATION_UNSPECIFIED';
  operation?: PredicateOp | 'OPERATION_UNSPECIFIED';
  key?: string;
  int_value?: number;
  long_value?: string;
  string_value?: string;
  timestamp_value?: number;
  int_values?: { values?: number[] };
  long_values?: { values?: string[] };
  string_values?: { values?: string[] };
}

/**
 * Parses the `filter` query value. The gateway already URL-decoded the query once; the KFP
 * server unescapes it a second time before parsing the JSON (parseAPIFilter in
 * server/list_request_util.go at 2.1.0, with the Filter proto of the API called), so we do the same.
 */
export function parseFilter<T>(onceDecoded: string, model: ListModel<T>, api: FilterApi = 'v1beta1'): Filter {
  if (onceDecoded === '') return { predicates: [] };
  let decoded: { predicates?: DecodedPredicate[] };
  try {
    const json: unknown = JSON.parse(goQueryUnescape(onceDecoded));
    decoded = decodeMessage(json, FILTER_SCHEMAS[api], { rejectUnknownFields: true }) as typeof decoded;
  } catch (error) {
    const reason = error instanceof ApiError ? error.message : (error as Error).message;
    throw invalidInput(`failed to parse valid filter from ${JSON.stringify(onceDecoded)}: ${reason}`);
  }
  const predicates = (decoded.predicates ?? []).map((p) => toPredicate(p));
  for (const p of predicates) {
    if (!(p.key in model.fields)) throw invalidInput(`no support for filtering on unrecognized field ${JSON.stringify(p.key)}`);
  }
  return { predicates };
}

function toPredicate(p: DecodedPredicate): Predicate {
  const given = p.op ?? p.operation ?? 'UNKNOWN';
  if (given === 'UNKNOWN' || given === 'OPERATION_UNSPECIFIED') throw invalidInput(`invalid predicate operation ${given} for key ${JSON.stringify(p.key ?? '')}`);
  const op: PredicateOp = given;
  const key = p.key ?? '';
  const list = p.int_values?.values ?? p.long_values?.values?.map(Number) ?? p.string_values?.values;
  const scalar = p.int_value ?? (p.long_value !== undefined ? Number(p.long_value) : undefined) ?? p.string_value ??
    (p.timestamp_value !== undefined ? Math.floor(p.timestamp_value / 1000) : undefined);
  if (op === 'IN') {
    if (list === undefined) throw invalidInput(`the IN operator on ${JSON.stringify(key)} needs int_values, long_values or string_values`);
    return { key, op, value: list };
  }
  if (list !== undefined) throw invalidInput(`the ${op} operator on ${JSON.stringify(key)} needs a single value, not a list`);
  if (scalar === undefined) throw invalidInput(`predicate on ${JSON.stringify(key)} has no value`);
  if (op === 'IS_SUBSTRING' && typeof scalar !== 'string') throw invalidInput(`IS_SUBSTRING on ${JSON.stringify(key)} needs a string_value`);
  return { key, op, value: scalar };
}

export function matchesFilter<T>(item: T, filter: Filter, model: ListModel<T>): boolean {
  return filter.predicates.every((p) => matchesPredicate(model.fields[p.key].value(item), p, model.fields[p.key]));
}

function coerce<T>(value: string | number, field: ListField<T>): string | number {
  if (field.kind === 'string') return field.normalizeExpected ? field.normalizeExpected(String(value)) : String(value);
  return typeof value === 'number' ? value : Number(value);
}

function compare(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function matchesPredicate<T>(actual: string | number, p: Predicate, field: ListField<T>): boolean {
  if (p.op === 'IN') return (p.value as (string | number)[]).some((v) => compare(actual, coerce(v, field)) === 0);
  const expected = coerce(p.value as string | number, field);
  if (typeof expected === 'number' && Number.isNaN(expected)) return false;
  const c = compare(actual, expected);
  switch (p.op) {
    case 'EQUALS':
      return c === 0;
    case 'NOT_EQUALS':
      return c !== 0;
    case 'GREATER_THAN':
      return c > 0;
    case 'GREATER_THAN_EQUALS':
      return c >= 0;
    case 'LESS_THAN':
      return c < 0;
    case 'LESS_THAN_EQUALS':
      return c <= 0;
    case 'IS_SUBSTRING':
      return String(actual).includes(String(expected));
    default:
      return false;
  }
}

/** A canonical form, used to bind page tokens to the filter they were issued for. */
export function canonicalFilter(filter: Filter): string {
  return JSON.stringify(filter.predicates.map((p) => [p.key, p.op, p.value]));
}
