import { nextActivation } from './cron-next';
import { parseCron, type CronSchedule } from './robfig-cron';

const schedule = (spec: string): CronSchedule => {
  const parsed = parseCron(spec);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.schedule;
};
const sec = (iso: string) => Date.parse(iso) / 1000;
const next = (spec: string, afterIso: string) => {
  const result = nextActivation(schedule(spec), sec(afterIso));
  return result === undefined ? undefined : new Date(result * 1000).toISOString();
};

describe('nextActivation (robfig/cron v1.2.0 Schedule.Next, UTC)', () => {
  it('is strictly after the given time', () => {
    expect(next('0 0 * * * *', '2024-05-06T01:00:00Z')).toBe('2024-05-06T02:00:00.000Z');
    expect(next('0 0 * * * *', '2024-05-06T00:59:59Z')).toBe('2024-05-06T01:00:00.000Z');
  });

  it('walks fields from the month down, resetting the smaller ones', () => {
    expect(next('30 15 9 * * *', '2024-05-06T10:00:00Z')).toBe('2024-05-07T09:15:30.000Z');
    expect(next('0 0 0 1 jan *', '2024-05-06T00:00:00Z')).toBe('2025-01-01T00:00:00.000Z');
    expect(next('0 0 0 29 2 *', '2024-03-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
  });

  it('needs both day fields when either is * or ?, and either day field otherwise (dayMatches)', () => {
    // 2024-05-06 is a Monday; the 10th is a Friday.
    expect(next('0 0 0 10 * ?', '2024-05-06T00:00:00Z')).toBe('2024-05-10T00:00:00.000Z');
    expect(next('0 0 0 * * FRI', '2024-05-06T00:00:00Z')).toBe('2024-05-10T00:00:00.000Z');
    // "the 15th or any Wednesday": Wednesday the 8th comes first.
    expect(next('0 0 0 15 * WED', '2024-05-06T00:00:00Z')).toBe('2024-05-08T00:00:00.000Z');
    // A step over * sets the star bit too: days 1, 6, 11, ... that are also Wednesdays.
    expect(next('0 0 0 */5 * WED', '2024-05-06T00:00:00Z')).toBe('2024-06-26T00:00:00.000Z');
  });

  it('reads descriptors and @every', () => {
    expect(next('@weekly', '2024-05-06T00:00:00Z')).toBe('2024-05-12T00:00:00.000Z');
    expect(next('@monthly', '2024-05-06T00:00:00Z')).toBe('2024-06-01T00:00:00.000Z');
    expect(next('@every 1h30m', '2024-05-06T00:00:00Z')).toBe('2024-05-06T01:30:00.000Z');
  });

  it('gives up after five years, where robfig returns the zero time', () => {
    expect(next('0 0 0 30 2 *', '2024-05-06T00:00:00Z')).toBeUndefined();
  });
});
