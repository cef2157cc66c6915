// start_date / end_date: YAML timestamps (https://yaml.org/type/timestamp.html)
// and RFC 3339 strings, normalised to what the KFP server returns (RFC 3339,
// UTC, whole seconds) so that a date never makes a job look changed.

const TIMESTAMP =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d*))?(?:[ \t]*(?:([Zz])|([+-])(\d{1,2})(?::?(\d{2}))?))?)?$/;

export type TimestampResult =
  | { ok: true; value: string; /** The dropped fractional seconds, e.g. ".250". */ droppedFraction?: string }
  | { ok: false; message: string };

export const TIMESTAMP_EXAMPLES = '2024-01-01, 2024-01-01T09:00:00Z or 2024-01-01 09:00:00 +02:00';

export function normalizeTimestamp(text: string): TimestampResult {
  const fail = (why: string): TimestampResult => ({ ok: false, message: `${why} (got ${JSON.stringify(text)})` });
  const m = TIMESTAMP.exec(text.trim());
  if (!m) return fail(`must be a date or a date and time, such as ${TIMESTAMP_EXAMPLES}`);
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction, , sign, offH = '0', offM = '0'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12) return fail(`month ${month} does not exist`);
  if (day < 1 || day > daysInMonth(year, month)) return fail(`day ${day} does not exist in ${year}-${String(month).padStart(2, '0')}`);
  if (hour > 23 || minute > 59 || second > 59) return fail('the time of day is out of range');
  if (Number(offH) > 23 || Number(offM) > 59) return fail('the UTC offset is out of range');

  const offsetMinutes = sign ? (sign === '-' ? -1 : 1) * (Number(offH) * 60 + Number(offM)) : 0;
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute - offsetMinutes, second, 0);
  const utcYear = utc.getUTCFullYear();
  if (utcYear < 1 || utcYear > 9999) return fail('the date is out of range once converted to UTC');

  const value = `${String(utcYear).padStart(4, '0')}-${pad(utc.getUTCMonth() + 1)}-${pad(utc.getUTCDate())}T${pad(utc.getUTCHours())}:${pad(utc.getUTCMinutes())}:${pad(utc.getUTCSeconds())}Z`;
  const droppedFraction = fraction && /[1-9]/.test(fraction) ? `.${fraction}` : undefined;
  return droppedFraction ? { ok: true, value, droppedFraction } : { ok: true, value };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}
