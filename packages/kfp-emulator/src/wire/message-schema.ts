import { ApiError, GatewayInputError } from '../errors/api-error';
import { GrpcCode } from '../errors/grpc-codes';
import { scanJsonValue } from './go-json-syntax';
import { parseTimestamp } from './timestamp';

/**
 * A small protojson-style decoder for request bodies: accepts proto (snake_case) and
 * lowerCamel field names, enum names or numbers, int64 as number or string, RFC 3339
 * timestamps, `null` as "unset"; unknown fields are ignored or rejected (gateway v2).
 */
export type FieldType =
  | { kind: 'string' }
  | { kind: 'bool' }
  | { kind: 'int32' }
  | { kind: 'int64' }
  | { kind: 'double' }
  | { kind: 'timestamp' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'message'; schema: () => MessageSchema }
  | { kind: 'repeated'; of: FieldType }
  | { kind: 'struct' };

export interface MessageSchema {
  name: string;
  fields: Record<string, FieldType>;
  /** Groups of fields of which at most one may be set. */
  oneofs?: string[][];
}

export interface DecodeOptions {
  rejectUnknownFields: boolean;
}

export type Decoded = { [field: string]: DecodedValue };
export type DecodedValue = string | number | boolean | Decoded | DecodedValue[] | Record<string, unknown>;

export const snakeToCamel = (name: string): string => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function decodeError(path: string, problem: string): ApiError {
  const message = `invalid value for ${path}: ${problem}`;
  return new ApiError(GrpcCode.InvalidArgument, message, `proto: syntax error: ${message}`);
}

export function decodeMessage(input: unknown, schema: MessageSchema, options: DecodeOptions, path = ''): Decoded {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw decodeError(path || schema.name, `expected a JSON object for ${schema.name}`);
  }
  const byWireName = new Map<string, string>();
  for (const field of Object.keys(schema.fields)) {
    byWireName.set(field, field);
    byWireName.set(snakeToCamel(field), field);
  }
  const out: Decoded = {};
  for (const [key, raw] of Object.entries(input)) {
    const field = byWireName.get(key);
    const fieldPath = path ? `${path}.${key}` : key;
    if (field === undefined) {
      if (options.rejectUnknownFields) {
        const message = `unknown field "${key}" in ${schema.name}`;
        throw new ApiError(GrpcCode.InvalidArgument, message, `proto: (line 1): ${message}`);
      }
      continue;
    }
    if (raw === null) continue;
    if (field in out) throw decodeError(fieldPath, `field ${field} is set twice`);
    out[field] = decodeValue(raw, schema.fields[field], options, fieldPath);
  }
  for (const group of schema.oneofs ?? []) {
    const set = group.filter((f) => f in out);
    if (set.length > 1) throw decodeError(path || schema.name, `only one of ${group.join(', ')} may be set`);
  }
  return out;
}

function decodeValue(raw: unknown, type: FieldType, options: DecodeOptions, path: string): DecodedValue {
  switch (type.kind) {
    case 'string':
      if (typeof raw !== 'string') throw decodeError(path, 'expected a string');
      return raw;
    case 'bool':
      if (typeof raw !== 'boolean') throw decodeError(path, 'expected true or false');
      return raw;
    case 'int32':
      return decodeInteger(raw, path, 32);
    case 'int64':
      return decodeInteger(raw, path, 64);
    case 'double':
      if (typeof raw === 'number') return raw;
      if (typeof raw === 'string' && raw.trim() !== '' && !Number.isNaN(Number(raw))) return Number(raw);
      throw decodeError(path, 'expected a number');
    case 'timestamp': {
      const ms = typeof raw === 'string' ? parseTimestamp(raw) : undefined;
      if (ms === undefined) throw decodeError(path, 'expected an RFC 3339 timestamp');
      return ms;
    }
    case 'enum':
      return decodeEnum(raw, type.values, path);
    case 'message':
      return decodeMessage(raw, type.schema(), options, path);
    case 'repeated':
      if (!Array.isArray(raw)) throw decodeError(path, 'expected a JSON array');
      return raw.map((item, i) => decodeValue(item, type.of, options, `${path}[${i}]`));
    case 'struct':
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw decodeError(path, 'expected a JSON object');
      return raw as Record<string, unknown>;
  }
}

/** int32 decodes to a number, int64 to a canonical decimal string (wire form). */
function decodeInteger(raw: unknown, path: string, bits: 32 | 64): string | number {
  let text: string;
  if (typeof raw === 'number') {
    if (!Number.isInteger(raw)) throw decodeError(path, 'expected an integer');
    text = String(raw);
  } else if (typeof raw === 'string' && /^-?\d+$/.test(raw.trim())) {
    text = raw.trim();
  } else {
    throw decodeError(path, 'expected an integer');
  }
  const value = BigInt(text);
  const limit = 1n << BigInt(bits - 1);
  if (value < -limit || value >= limit) throw decodeError(path, `integer out of range for int${bits}`);
  return bits === 32 ? Number(value) : value.toString();
}

export function decodeEnum(raw: unknown, values: readonly string[], path: string): string {
  // Empty names mark enum numbers the proto leaves undefined.
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 && raw < values.length && values[raw] !== '') return values[raw];
  if (typeof raw === 'string' && raw !== '') {
    if (values.includes(raw)) return raw;
    if (/^\d+$/.test(raw) && Number(raw) < values.length && values[Number(raw)] !== '') return values[Number(raw)];
  }
  throw decodeError(path, `unknown enum value ${JSON.stringify(raw)} (expected one of ${values.filter((v) => v !== '').join(', ')})`);
}

/** Parses a JSON request body like the gateway: an empty body is an empty message; only the first value counts. */
export function parseJsonBody(body: string): unknown {
  const scan = scanJsonValue(body);
  if ('empty' in scan) return {};
  if ('error' in scan) throw new GatewayInputError(scan.error);
  return JSON.parse(body.slice(0, scan.end)) as unknown;
}
