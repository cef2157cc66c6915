import { parseCron } from './parse-cron';
import { nextTimes } from './next-times';
import { parseGoDuration } from './go-duration';

const at = (iso: string) => new Date(iso);
const isoList = (dates: Date[]) => dates.map((d) => d.toISOString().replace('.000Z', 'Z'));

describe('parseCron: accepted expressions', () => {
  it.each([
    ['0 0 0 * * *', 'six-fields'],
    ['0 30 9 * * 1-5', 'six-fields'],
    ['0 */5 * * * *', 'six-fields'],
    ['0 0 9 ? * 2-6', 'six-fields'],
    ['0 0 12 1,15 JAN-jun,Dec *', 'six-fields'],
    ['0 0 8 * * MON,wed,FRI', 'six-fields'],
    ['0 0 0 1-10/3 * *', 'six-fields'],
    ['30/10 * * * * *', 'six-fields'],
    ['  0   0 0 * *   *  ', 'six-fields'],
    ['0 0 * * *', 'five-fields'],
    ['@yearly', 'descriptor'],
    ['@annually', 'descriptor'],
    ['@monthly', 'descriptor'],
    ['@weekly', 'descriptor'],
    ['@daily', 'descriptor'],
    ['@midnight', 'descriptor'],
    ['@hourly', 'descriptor'],
    ['@every 1h30m', 'descriptor'],
    ['@every 90s', 'descriptor'],
    ['@every 1.5h', 'descriptor'],
  ])('%s', (expression, form) => {
    const result = parseCron(expression);
    expect(result).toMatchObject({ ok: true, form });
  });

  it('expands ranges, steps, lists and names into the right values', () => {
    const result = parseCron('5/20 1-10/3 */6 1,15 FEB-apr SAT');
    if (!result.ok || result.schedule.kind !== 'spec') throw new Error('expected a spec schedule');
    const s = result.schedule;
    expect([...s.seconds]).toEqual([5, 25, 45]);
    expect([...s.minutes]).toEqual([1, 4, 7, 10]);
    expect([...s.hours]).toEqual([0, 6, 12, 18]);
    expect([...s.daysOfMonth]).toEqual([1, 15]);
    expect([...s.months]).toEqual([2, 3, 4]);
    expect([...s.daysOfWeek]).toEqual([6]);
    expect([s.dayOfMonthStar, s.dayOfWeekStar]).toEqual([false, false]);
  });

  it('reads @every as whole seconds', () => {
    expect(parseCron('@every 1h30m')).toMatchObject({ schedule: { kind: 'every', periodSeconds: 5400 }, warnings: [] });
    expect(parseCron('@every 1500ms')).toMatchObject({ schedule: { periodSeconds: 1 }, warnings: [expect.stringContaining('whole seconds')] });
    expect(parseCron('@every 10ms')).toMatchObject({ schedule: { periodSeconds: 1 }, warnings: [expect.stringContaining('shorter than one second')] });
  });
});

describe('parseCron: warnings', () => {
  it('warns that a 5-field expression is read seconds-first and suggests the 6-field form', () => {
    const result = parseCron('0 0 * * *');
    expect(result.ok && result.warnings).toEqual([
      'KFP reads a 5-field cron as "second minute hour day-of-month month" (the first field is seconds, there is no day-of-week), so "0 0 * * *" does not mean what it means in unix cron; for the unix meaning "minute hour day-of-month month day-of-week" write the 6-field "0 0 0 * * *"',
    ]);
  });

  it('warns about a schedule that can never fire', () => {
    const result = parseCron('0 0 0 30 FEB *');
    expect(result.ok && result.warnings).toEqual(['it never fires: no date matches both the day-of-month and the month fields']);
  });
});

describe('parseCron: rejected expressions', () => {
  it.each([
    ['', 'the cron expression is empty'],
    ['0 0 0 * *  * *', 'expected 6 fields (second minute hour day-of-month month day-of-week) or a descriptor such as @daily, found 7 fields'],
    ['* * * *', 'expected 6 fields (second minute hour day-of-month month day-of-week) or a descriptor such as @daily, found 4 fields'],
    ['60 * * * * *', 'second field "60": 60 is above the maximum 59'],
    ['0 60 * * * *', 'minute field "60": 60 is above the maximum 59'],
    ['0 0 24 * * *', 'hour field "24": 24 is above the maximum 23'],
    ['0 0 0 0 * *', 'day-of-month field "0": 0 is below the minimum 1'],
    ['0 0 0 32 * *', 'day-of-month field "32": 32 is above the maximum 31'],
    ['0 0 0 * 13 *', 'month field "13": 13 is above the maximum 12'],
    ['0 0 0 * * 7', 'day-of-week field "7": 7 is above the maximum 6'],
    ['0 0 0 * FOO *', 'month field "FOO": "FOO" is not a number or a name (JAN-DEC)'],
    ['0 0 0 * * FUN', 'day-of-week field "FUN": "FUN" is not a number or a name (SUN-SAT)'],
    ['0 0 x * * *', 'hour field "x": "x" is not a number'],
    ['0 0 10-5 * * *', 'hour field "10-5": the range starts at 10, after its end 5'],
    ['0 0 1-2-3 * * *', 'hour field "1-2-3": too many hyphens in "1-2-3"'],
    ['0 */5/2 * * * *', 'minute field "*/5/2": too many slashes in "*/5/2"'],
    ['0 */0 * * * *', 'minute field "*/0": the step must be a positive number'],
    ['0 */x * * * *', 'minute field "*/x": "x" is not a number'],
    ['0 5- * * * *', 'minute field "5-": a value is missing'],
    ['0 , * * * *', 'minute field ",": it lists no values'],
    ['0 *-5 * * * *', 'minute field "*-5": a range cannot start with * in "*-5"'],
    ['@day', 'unknown descriptor "@day"; use one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, @every <duration>'],
    ['@Daily', 'unknown descriptor "@Daily" (descriptors are lower-case); use one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, @every <duration>'],
    ['@every', '@every needs a duration, for example "@every 1h30m"'],
    ['@every 1x', '@every: invalid duration "1x": unknown unit "x" (use ns, us, ms, s, m or h)'],
    ['@every 90', '@every: invalid duration "90": missing unit (use ns, us, ms, s, m or h)'],
    ['@every 1h ', '@every: invalid duration "1h ": unknown unit "h " (use ns, us, ms, s, m or h)'],
  ])('%j', (expression, message) => {
    expect(parseCron(expression)).toEqual(expect.objectContaining({ ok: false, message }));
  });

  it('names the failing field', () => {
    expect(parseCron('0 0 25 * * *')).toMatchObject({ ok: false, field: 'hour' });
  });
});

describe('parseGoDuration', () => {
  it.each([
    ['0', 0n],
    ['1h30m', 5_400_000_000_000n],
    ['1.5h', 5_400_000_000_000n],
    ['.5s', 500_000_000n],
    ['-90s', -90_000_000_000n],
    ['1\u00b5s', 1_000n],
    ['2h45m30.5s', 9_930_500_000_000n],
  ])('%s', (text, nanoseconds) => {
    expect(parseGoDuration(text)).toEqual({ ok: true, nanoseconds });
  });

  it.each(['', '-', 'h', '1', '1.h.', '9999999999h', '.s'])('rejects %j', (text) => {
    expect(parseGoDuration(text).ok).toBe(false);
  });
});

describe('nextTimes', () => {
  it('follows a daily 6-field schedule in UTC', () => {
    expect(isoList(nextTimes('0 0 0 * * *', at('2024-02-28T12:00:00Z'), 3))).toEqual([
      '2024-02-29T00:00:00Z',
      '2024-03-01T00:00:00Z',
      '2024-03-02T00:00:00Z',
    ]);
  });

  it('reads a 5-field expression as KFP does: seconds first, so "0 0 * * *" is hourly', () => {
    expect(isoList(nextTimes('0 0 * * *', at('2024-01-01T10:15:00Z'), 2))).toEqual(['2024-01-01T11:00:00Z', '2024-01-01T12:00:00Z']);
  });

  it('uses OR between restricted day-of-month and day-of-week, AND when either is *', () => {
    // 2024-06-01 is a Saturday.
    expect(isoList(nextTimes('0 0 0 15 * MON', at('2024-06-01T00:00:00Z'), 3))).toEqual([
      '2024-06-03T00:00:00Z',
      '2024-06-10T00:00:00Z',
      '2024-06-15T00:00:00Z',
    ]);
    expect(isoList(nextTimes('0 0 0 * * MON', at('2024-06-01T00:00:00Z'), 2))).toEqual(['2024-06-03T00:00:00Z', '2024-06-10T00:00:00Z']);
  });

  it('handles the descriptors', () => {
    const from = at('2024-05-15T10:20:30.400Z');
    expect(isoList(nextTimes('@hourly', from, 1))).toEqual(['2024-05-15T11:00:00Z']);
    expect(isoList(nextTimes('@daily', from, 1))).toEqual(['2024-05-16T00:00:00Z']);
    expect(isoList(nextTimes('@weekly', from, 1))).toEqual(['2024-05-19T00:00:00Z']);
    expect(isoList(nextTimes('@monthly', from, 1))).toEqual(['2024-06-01T00:00:00Z']);
    expect(isoList(nextTimes('@yearly', from, 1))).toEqual(['2025-01-01T00:00:00Z']);
    expect(isoList(nextTimes('@every 1h30m', from, 2))).toEqual(['2024-05-15T11:50:30Z', '2024-05-15T13:20:30Z']);
  });

  it('finds Feb 29 across years and stops for schedules that never fire', () => {
    expect(isoList(nextTimes('0 0 0 29 2 *', at('2024-03-01T00:00:00Z'), 1))).toEqual(['2028-02-29T00:00:00Z']);
    expect(nextTimes('0 0 0 31 4 *', at('2024-01-01T00:00:00Z'), 3)).toEqual([]);
  });

  it('steps through seconds and wraps across a year end', () => {
    expect(isoList(nextTimes('*/20 59 23 31 12 *', at('2024-12-31T23:59:30Z'), 2))).toEqual(['2024-12-31T23:59:40Z', '2025-12-31T23:59:00Z']);
  });

  it('throws a clear error for an invalid expression', () => {
    expect(() => nextTimes('0 0 25 * * *', new Date(0), 1)).toThrow('invalid cron expression "0 0 25 * * *": hour field "25": 25 is above the maximum 23');
  });
});
