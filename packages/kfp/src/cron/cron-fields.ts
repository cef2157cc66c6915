// The six fields of a robfig/cron v1.2.0 spec, in the order KFP's server reads them.

export type CronFieldName = 'second' | 'minute' | 'hour' | 'day-of-month' | 'month' | 'day-of-week';

export interface CronFieldBounds {
  name: CronFieldName;
  min: number;
  max: number;
  /** Lower-case names accepted in place of numbers. */
  names?: ReadonlyMap<string, number>;
  /** How to spell the names in messages. */
  namesHint?: string;
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export const CRON_FIELDS: readonly CronFieldBounds[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: new Map(MONTH_NAMES.map((n, i) => [n, i + 1])), namesHint: 'JAN-DEC' },
  // robfig v1.2.0 does not accept 7 for Sunday.
  { name: 'day-of-week', min: 0, max: 6, names: new Map(WEEKDAY_NAMES.map((n, i) => [n, i])), namesHint: 'SUN-SAT' },
];

/** The six field names as a user writes them, for messages. */
export const SIX_FIELD_LAYOUT = 'second minute hour day-of-month month day-of-week';
