// A re-implementation of github.com/robfig/cron v1.2.0 `cron.Parse`, the parser
// the KFP API server and its ScheduledWorkflow controller use: seconds-first
// 6-field specs, 5-field specs (day-of-week omitted), and `@` descriptors.
//
// Why there are two: the KFP emulator (packages/kfp-emulator/src/cron) has its
// own robfig parser, written apart from this one; neither package imports the
// other. The emulator plays the server and this plugin the client, so a
// misreading of robfig on one side shows up as a disagreement with the other.
// The truth both are tested against is a corpus of answers from the real robfig
// library (tools/cron-corpus/robfig-v1.2.0.json, written by a Go program there).
//
// Where robfig silently accepts something that can never be intended, this
// parser reports it instead: `@every` with a zero or negative duration (robfig
// runs it every second), a field that lists nothing but commas (robfig reads it
// as no values), and a range that starts with `*` or `?` such as `*-5` (robfig
// ignores what follows the star). robfig-corpus.spec.ts lists these three, and
// fails on any other difference from robfig.

import { CRON_FIELDS, SIX_FIELD_LAYOUT, type CronFieldBounds, type CronFieldName } from './cron-fields';
import type { CronSchedule, SpecSchedule } from './cron-schedule';
import { parseGoDuration } from './go-duration';
import { nextActivation } from './schedule-next';

export type CronForm = 'six-fields' | 'five-fields' | 'descriptor';

export type CronParseResult =
  | { ok: true; schedule: CronSchedule; form: CronForm; warnings: string[] }
  | { ok: false; message: string; field?: CronFieldName };

export const CRON_DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly', '@every <duration>'];

/**
 * robfig splits fields with Go's strings.Fields (unicode.IsSpace), which is not
 * JavaScript's \s: Go counts U+0085 (next line) as a space and not U+FEFF (the
 * byte-order mark); JavaScript the reverse. Found by the shared corpus.
 */
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/**
 * Go's strings.ToLower maps each character on its own, so "İ" (U+0130) becomes
 * "i" and robfig reads "FRİ" as Friday; JavaScript's toLowerCase makes it "i"
 * plus a combining dot. Found by the shared corpus.
 */
const goToLower = (text: string): string => text.replace(/\u0130/g, 'i').toLowerCase();

/** Parses a cron expression the way the KFP server does; never throws. */
export function parseCron(expression: string): CronParseResult {
  if (expression.trim() === '') return { ok: false, message: 'the cron expression is empty' };
  if (expression.startsWith('@')) return parseDescriptor(expression);

  const fields = expression.split(GO_SPACE).filter((f) => f !== '');
  if (fields.length < 5 || fields.length > 6) {
    return {
      ok: false,
      message: `expected 6 fields (${SIX_FIELD_LAYOUT}) or a descriptor such as @daily, found ${fields.length} field${fields.length === 1 ? '' : 's'}`,
    };
  }
  const values: Array<{ values: Set<number>; star: boolean }> = [];
  for (const [index, bounds] of CRON_FIELDS.entries()) {
    const text = fields[index] ?? '*';
    const parsed = parseField(text, bounds);
    if (!parsed.ok) return { ok: false, message: `${bounds.name} field ${JSON.stringify(text)}: ${parsed.message}`, field: bounds.name };
    values.push(parsed);
  }
  const [second, minute, hour, dom, month, dow] = values as [FieldValue, FieldValue, FieldValue, FieldValue, FieldValue, FieldValue];
  const schedule: SpecSchedule = {
    kind: 'spec',
    seconds: second.values,
    minutes: minute.values,
    hours: hour.values,
    daysOfMonth: dom.values,
    months: month.values,
    daysOfWeek: dow.values,
    dayOfMonthStar: dom.star,
    dayOfWeekStar: dow.star,
  };
  const form: CronForm = fields.length === 5 ? 'five-fields' : 'six-fields';
  const warnings: string[] = [];
  if (form === 'five-fields') warnings.push(fiveFieldWarning(fields));
  // A leap year start gives robfig's five-year search every calendar combination.
  if (nextActivation(schedule, Date.UTC(2000, 0, 1)) === null) {
    warnings.push('it never fires: no date matches both the day-of-month and the month fields');
  }
  return { ok: true, schedule, form, warnings };
}

type FieldValue = { values: Set<number>; star: boolean };
type FieldResult = ({ ok: true } & FieldValue) | { ok: false; message: string };

function parseField(text: string, bounds: CronFieldBounds): FieldResult {
  // robfig splits on commas and drops empty items.
  const items = text.split(',').filter((item) => item !== '');
  if (items.length === 0) return { ok: false, message: 'it lists no values' };
  const values = new Set<number>();
  let star = false;
  for (const item of items) {
    const range = parseRange(item, bounds);
    if (!range.ok) return range;
    for (let v = range.start; v <= range.end; v += range.step) values.add(v);
    star ||= range.star;
  }
  return { ok: true, values, star };
}

type RangeResult = { ok: true; start: number; end: number; step: number; star: boolean } | { ok: false; message: string };

// number | name | * | ? , optionally "-" end, optionally "/" step.
function parseRange(item: string, bounds: CronFieldBounds): RangeResult {
  const fail = (message: string): RangeResult => ({ ok: false, message });
  const rangeAndStep = item.split('/');
  if (rangeAndStep.length > 2) return fail(`too many slashes in ${JSON.stringify(item)}`);
  const [rangeText = '', stepText] = rangeAndStep;
  const lowAndHigh = rangeText.split('-');
  if (lowAndHigh.length > 2) return fail(`too many hyphens in ${JSON.stringify(item)}`);
  const [lowText = '', highText] = lowAndHigh;

  let start: number;
  let end: number;
  let star = false;
  if (lowText === '*' || lowText === '?') {
    if (highText !== undefined) return fail(`a range cannot start with ${lowText} in ${JSON.stringify(item)}`);
    start = bounds.min;
    end = bounds.max;
    star = true;
  } else if (lowText === '' && highText !== undefined) {
    return fail(`nothing comes before "-" in ${JSON.stringify(item)}: a range is start-end, and negative numbers are not allowed`);
  } else {
    const low = parseValue(lowText, bounds);
    if (!low.ok) return low;
    start = low.value;
    end = start;
    if (highText !== undefined) {
      const high = parseValue(highText, bounds);
      if (!high.ok) return high;
      end = high.value;
    }
  }

  let step = 1;
  if (stepText !== undefined) {
    const parsedStep = parseNumber(stepText, 'step');
    if (!parsedStep.ok) return parsedStep;
    step = parsedStep.value;
    // "N/step" means "N-max/step".
    if (highText === undefined) end = bounds.max;
  }

  if (start < bounds.min) return fail(`${start} is below the minimum ${bounds.min}`);
  if (end > bounds.max) return fail(`${end} is above the maximum ${bounds.max}`);
  if (start > end) return fail(`the range starts at ${start}, after its end ${end}`);
  if (step === 0) return fail('the step must be a positive number');
  return { ok: true, start, end, step, star };
}

const GO_MAX_INT = 9223372036854775807n;

type NumberResult = { ok: true; value: number } | { ok: false; message: string };

function parseValue(text: string, bounds: CronFieldBounds): NumberResult {
  const named = bounds.names?.get(goToLower(text));
  if (named !== undefined) return { ok: true, value: named };
  const number = parseNumber(text, 'value');
  if (!number.ok && bounds.namesHint) {
    return { ok: false, message: `${JSON.stringify(text)} is not a number or a name (${bounds.namesHint})` };
  }
  return number;
}

// Go's strconv.Atoi: optional sign, decimal digits.
function parseNumber(text: string, what: 'value' | 'step'): NumberResult {
  if (!/^[+-]?[0-9]+$/.test(text)) {
    return { ok: false, message: text === '' ? `a ${what} is missing` : `${JSON.stringify(text)} is not a number` };
  }
  // Go's int is 64 bits: a larger number fails to parse there, so KFP refuses the schedule.
  if (BigInt(text) > GO_MAX_INT) return { ok: false, message: `${text} is out of range (the server cannot read a number that large)` };
  const value = Number(text);
  if (value < 0) return { ok: false, message: `negative numbers are not allowed (${text})` };
  return { ok: true, value };
}

function fiveFieldWarning(fields: string[]): string {
  const expression = fields.join(' ');
  const suggestion = `0 ${expression}`;
  const read = `KFP reads a 5-field cron as "second minute hour day-of-month month" (the first field is seconds, there is no day-of-week), so "${expression}" does not mean what it means in unix cron`;
  const suggested = parseCron(suggestion);
  return suggested.ok
    ? `${read}; for the unix meaning "minute hour day-of-month month day-of-week" write the 6-field "${suggestion}"`
    : `${read}; write 6 fields: ${SIX_FIELD_LAYOUT}`;
}

function every(field: CronFieldBounds): Set<number> {
  const values = new Set<number>();
  for (let v = field.min; v <= field.max; v++) values.add(v);
  return values;
}

function descriptorSchedule(opts: { hours: 'first' | 'all'; dom: 'first' | 'all'; month: 'first' | 'all'; dow: 'first' | 'all' }): SpecSchedule {
  const [, , hour, dom, month, dow] = CRON_FIELDS as [CronFieldBounds, CronFieldBounds, CronFieldBounds, CronFieldBounds, CronFieldBounds, CronFieldBounds];
  const pick = (field: CronFieldBounds, which: 'first' | 'all') => (which === 'first' ? new Set([field.min]) : every(field));
  return {
    kind: 'spec',
    seconds: new Set([0]),
    minutes: new Set([0]),
    hours: pick(hour, opts.hours),
    daysOfMonth: pick(dom, opts.dom),
    months: pick(month, opts.month),
    daysOfWeek: pick(dow, opts.dow),
    dayOfMonthStar: opts.dom === 'all',
    dayOfWeekStar: opts.dow === 'all',
  };
}

const EVERY_PREFIX = '@every ';

function parseDescriptor(expression: string): CronParseResult {
  const spec = (schedule: SpecSchedule): CronParseResult => ({ ok: true, schedule, form: 'descriptor', warnings: [] });
  switch (expression) {
    case '@yearly':
    case '@annually':
      return spec(descriptorSchedule({ hours: 'first', dom: 'first', month: 'first', dow: 'all' }));
    case '@monthly':
      return spec(descriptorSchedule({ hours: 'first', dom: 'first', month: 'all', dow: 'all' }));
    case '@weekly':
      return spec(descriptorSchedule({ hours: 'first', dom: 'all', month: 'all', dow: 'first' }));
    case '@daily':
    case '@midnight':
      return spec(descriptorSchedule({ hours: 'first', dom: 'all', month: 'all', dow: 'all' }));
    case '@hourly':
      return spec(descriptorSchedule({ hours: 'all', dom: 'all', month: 'all', dow: 'all' }));
  }
  if (expression.startsWith(EVERY_PREFIX)) {
    const duration = parseGoDuration(expression.slice(EVERY_PREFIX.length));
    if (!duration.ok) return { ok: false, message: `@every: ${duration.message}` };
    const warnings: string[] = [];
    const nanos = duration.nanoseconds;
    const text = expression.slice(EVERY_PREFIX.length);
    // robfig accepts these and runs them every second: never what was meant, so refused here.
    if (nanos <= 0n) return { ok: false, message: `@every ${text} is ${nanos === 0n ? 'zero' : 'negative'}; the period must be positive (KFP would run it every second)` };
    let periodSeconds = Number(nanos / 1_000_000_000n);
    if (nanos < 1_000_000_000n) {
      warnings.push(`@every ${expression.slice(EVERY_PREFIX.length)} is shorter than one second; KFP runs it every second`);
      periodSeconds = 1;
    } else if (nanos % 1_000_000_000n !== 0n) {
      warnings.push(`@every ${expression.slice(EVERY_PREFIX.length)} is cut to whole seconds: KFP runs it every ${periodSeconds}s`);
    }
    return { ok: true, schedule: { kind: 'every', periodSeconds }, form: 'descriptor', warnings };
  }
  if (expression.trim() === '@every') return { ok: false, message: '@every needs a duration, for example "@every 1h30m"' };
  const lower = expression.toLowerCase();
  const hint = CRON_DESCRIPTORS.some((d) => d === lower) || lower.startsWith(EVERY_PREFIX) ? ' (descriptors are lower-case)' : '';
  return { ok: false, message: `unknown descriptor ${JSON.stringify(expression)}${hint}; use one of ${CRON_DESCRIPTORS.join(', ')}` };
}
