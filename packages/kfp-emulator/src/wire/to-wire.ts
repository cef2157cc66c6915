/** Marks a value (a google.protobuf.Struct) that is emitted exactly as stored. */
export class Verbatim {
  constructor(readonly value: unknown) {}
}

/**
 * Drops zero values the way protojson does with EmitUnpopulated=false: undefined, null,
 * '', false, 0 and empty arrays disappear; objects (set sub-messages) stay, even if empty.
 */
export function omitZeroValues(value: unknown): unknown {
  if (value instanceof Verbatim) return value.value;
  if (Array.isArray(value)) return value.map(omitZeroValues);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || v === null || v === '' || v === false || v === 0) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[key] = omitZeroValues(v);
  }
  return out;
}
