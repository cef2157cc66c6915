// The KFP server's cron parser, github.com/robfig/cron v1.2.0, re-implemented for the emulator.
//
// Why there are two: the kfp plugin (packages/kfp/src/cron) has its own robfig parser, and this
// one is written apart from it; the emulator never imports the plugin, nor the plugin the emulator.
// The emulator plays the server and the plugin the client, so a misreading of robfig on one side
// shows up as a disagreement with the other. The truth both are tested against is a corpus of
// answers from the real robfig library (tools/cron-corpus/robfig-v1.2.0.json, written by a Go
// program there); robfig-corpus.spec.ts holds this parser to every record, without exception,
// since the emulator must accept exactly what the server accepts.

import { parseGoDuration } from './go-duration';

/**
 * The cron dialect of github.com/robfig/cron v1.2.0 `cron.Parse`, which KFP uses to
 * validate job schedules: seconds first, 6 fields or 5 (then day-of-week is `*`),
 * `*` / `?`, ranges, steps, lists, month and weekday names, and @-descriptors.
 */
export type CronSchedule =
  | {
      kind: 'fields';
      seconds: number[];
      minutes: number[];
      hours: number[];
      daysOfMonth: number[];
      months: number[];
      daysOfWeek: number[];
      /** A `*` or `?` in day-of-month or day-of-week (robfig's starBit): then both day fields must match, else either. */
      dayStar: boolean;
    }
  | { kind: 'every'; seconds: number };

export type CronParseResult = { ok: true; schedule: CronSchedule } | { ok: false; error: string };

interface Bounds {
  min: number;
  max: number;
  /** A Map, not an object: a plain object would also "find" names such as constructor or __proto__. */
  names?: ReadonlyMap<string, number>;
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const SECONDS: Bounds = { min: 0, max: 59 };
const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DAYS_OF_MONTH: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = { min: 1, max: 12, names: new Map(MONTH_NAMES.map((n, i) => [n, i + 1])) };
const DAYS_OF_WEEK: Bounds = { min: 0, max: 6, names: new Map(DAY_NAMES.map((n, i) => [n, i])) };

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 0 1 1 *',
  '@annually': '0 0 0 1 1 *',
  '@monthly': '0 0 0 1 * *',
  '@weekly': '0 0 0 * * 0',
  '@daily': '0 0 0 * * *',
  '@midnight': '0 0 0 * * *',
  '@hourly': '0 0 * * * *',
};

class CronError extends Error {}

/**
 * strings.Fields splits on unicode.IsSpace, which is not JavaScript's \s: Go counts
 * U+0085 (next line) as a space and not U+FEFF (the byte-order mark); JavaScript the reverse.
 * Found by the shared corpus, as were the two below.
 */
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/**
 * Go's strings.ToLower maps each character on its own: "İ" (U+0130) becomes "i", so robfig
 * reads "FRİ" as Friday, where JavaScript's toLowerCase makes it "i" plus a combining dot.
 */
const goToLower = (text: string): string => text.replace(/\u0130/g, 'i').toLowerCase();

/** Go's int is 64 bits: strconv.Atoi refuses a number beyond it. */
const GO_INT_MIN = -(1n << 63n);
const GO_INT_MAX = (1n << 63n) - 1n;

export function parseCron(spec: string): CronParseResult {
  try {
    return { ok: true, schedule: parseOrThrow(spec) };
  } catch (error) {
    if (error instanceof CronError) return { ok: false, error: error.message };
    throw error;
  }
}

function parseOrThrow(spec: string): CronSchedule {
  if (spec.length === 0) throw new CronError('Empty spec string');
  if (spec.startsWith('@')) return parseDescriptor(spec);
  const fields = spec.split(GO_SPACE).filter((f) => f !== '');
  if (fields.length < 5 || fields.length > 6) {
    throw new CronError(`Expected 5 to 6 fields, found ${fields.length}: ${spec}`);
  }
  if (fields.length === 5) fields.push('*');
  return {
    kind: 'fields',
    seconds: parseField(fields[0], SECONDS),
    minutes: parseField(fields[1], MINUTES),
    hours: parseField(fields[2], HOURS),
    daysOfMonth: parseField(fields[3], DAYS_OF_MONTH),
    months: parseField(fields[4], MONTHS),
    daysOfWeek: parseField(fields[5], DAYS_OF_WEEK),
    dayStar: hasStar(fields[3]) || hasStar(fields[5]),
  };
}

function parseDescriptor(spec: string): CronSchedule {
  const fixed = DESCRIPTORS[spec];
  if (fixed !== undefined) return parseOrThrow(fixed);
  const every = '@every ';
  if (spec.startsWith(every)) {
    const text = spec.slice(every.length);
    const parsed = parseGoDuration(text);
    if ('error' in parsed) throw new CronError(`Failed to parse duration ${spec}: ${parsed.error}`);
    // cron.Every rounds anything below one second up to one second, and drops sub-seconds.
    const seconds = Number(parsed.nanos / 1_000_000_000n);
    return { kind: 'every', seconds: Math.max(1, seconds) };
  }
  throw new CronError(`Unrecognized descriptor: ${spec}`);
}

/** A comma-separated list; empty list items are skipped (strings.FieldsFunc). */
function parseField(field: string, bounds: Bounds): number[] {
  const values = new Set<number>();
  for (const expr of field.split(',').filter((e) => e !== '')) {
    for (const v of parseRange(expr, bounds)) values.add(v);
  }
  return [...values].sort((a, b) => a - b);
}

/** getRange sets starBit for an expression that starts with `*` or `?` (a step such as every-2 too). */
function hasStar(field: string): boolean {
  return field.split(',').some((expr) => expr.startsWith('*') || expr.startsWith('?'));
}

function parseRange(expr: string, bounds: Bounds): number[] {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = bounds.min;
    end = bounds.max;
  } else {
    start = parseIntOrName(lowAndHigh[0], bounds.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1], bounds.names);
    else throw new CronError(`Too many hyphens: ${expr}`);
  }
  let step: number;
  if (rangeAndStep.length === 1) step = 1;
  else if (rangeAndStep.length === 2) {
    step = parseNonNegativeInt(rangeAndStep[1]);
    // "N/step" means "N-max/step".
    if (single) end = bounds.max;
  } else throw new CronError(`Too many slashes: ${expr}`);
  if (start < bounds.min) throw new CronError(`Beginning of range (${start}) below minimum (${bounds.min}): ${expr}`);
  if (end > bounds.max) throw new CronError(`End of range (${end}) above maximum (${bounds.max}): ${expr}`);
  if (start > end) throw new CronError(`Beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronError(`Step of range should be a positive number: ${expr}`);
  const out: number[] = [];
  for (let v = start; v <= end; v += step) out.push(v);
  return out;
}

function parseIntOrName(expr: string, names?: ReadonlyMap<string, number>): number {
  const named = names?.get(goToLower(expr));
  return named ?? parseNonNegativeInt(expr);
}

/** strconv.Atoi (optional sign, decimal digits) followed by the "no negatives" check. */
function parseNonNegativeInt(expr: string): number {
  if (!/^[+-]?\d+$/.test(expr)) throw new CronError(`Failed to parse int from ${expr}: strconv.Atoi: parsing "${expr}": invalid syntax`);
  const big = BigInt(expr);
  if (big < GO_INT_MIN || big > GO_INT_MAX) throw new CronError(`Failed to parse int from ${expr}: strconv.Atoi: parsing "${expr}": value out of range`);
  const num = Number(big);
  if (num < 0) throw new CronError(`Negative number (${num}) not allowed: ${expr}`);
  return num;
}
