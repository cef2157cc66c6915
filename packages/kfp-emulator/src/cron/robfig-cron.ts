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
  names?: Record<string, number>;
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const SECONDS: Bounds = { min: 0, max: 59 };
const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DAYS_OF_MONTH: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = { min: 1, max: 12, names: Object.fromEntries(MONTH_NAMES.map((n, i) => [n, i + 1])) };
const DAYS_OF_WEEK: Bounds = { min: 0, max: 6, names: Object.fromEntries(DAY_NAMES.map((n, i) => [n, i])) };

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
  const fields = spec.split(/\s+/).filter((f) => f !== '');
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

function parseIntOrName(expr: string, names?: Record<string, number>): number {
  const named = names?.[expr.toLowerCase()];
  return named ?? parseNonNegativeInt(expr);
}

/** strconv.Atoi (optional sign, decimal digits) followed by the "no negatives" check. */
function parseNonNegativeInt(expr: string): number {
  if (!/^[+-]?\d+$/.test(expr)) throw new CronError(`Failed to parse int from ${expr}: strconv.Atoi: parsing "${expr}": invalid syntax`);
  const num = Number(expr);
  if (num < 0) throw new CronError(`Negative number (${num}) not allowed: ${expr}`);
  return num;
}
