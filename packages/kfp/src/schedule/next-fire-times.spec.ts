import type { Trigger } from './trigger';
import { nextFireTimes } from './next-fire-times';

const NOW = new Date('2026-11-30T10:20:30Z');
const iso = (dates: Date[]) => dates.map((d) => d.toISOString().replace('.000Z', 'Z'));
const cron = (expression: string, window: Partial<Trigger> = {}): Trigger => ({ schedule: { kind: 'cron', expression }, startTime: null, endTime: null, ...window });
const every = (seconds: number, window: Partial<Trigger> = {}): Trigger => ({ schedule: { kind: 'interval', seconds }, startTime: null, endTime: null, ...window });

test('a six-field cron: seconds first, in UTC', () => {
  expect(iso(nextFireTimes(cron('0 30 6 * * MON-FRI'), NOW, 3))).toEqual(['2026-12-01T06:30:00Z', '2026-12-02T06:30:00Z', '2026-12-03T06:30:00Z']);
});

test('a five-field cron shows what KFP makes of it: minutes where unix cron has hours', () => {
  // "30 6 * * *" in KFP: second 30 of minute 6 of every hour.
  expect(iso(nextFireTimes(cron('30 6 * * *'), NOW, 3))).toEqual(['2026-11-30T11:06:30Z', '2026-11-30T12:06:30Z', '2026-11-30T13:06:30Z']);
});

test('a cron waits for its start time and stops at its end time', () => {
  expect(iso(nextFireTimes(cron('@daily', { startTime: '2027-01-01T12:00:00Z', endTime: '2027-01-03T00:00:00Z' }), NOW, 3))).toEqual(['2027-01-02T00:00:00Z', '2027-01-03T00:00:00Z']);
});

test('an interval: from creation, from a past start time, or first at a future start time', () => {
  expect(iso(nextFireTimes(every(3600), NOW, 2))).toEqual(['2026-11-30T11:20:30Z', '2026-11-30T12:20:30Z']);
  expect(iso(nextFireTimes(every(3600, { startTime: '2026-11-30T00:00:00Z' }), NOW, 2))).toEqual(['2026-11-30T11:00:00Z', '2026-11-30T12:00:00Z']);
  expect(iso(nextFireTimes(every(600, { startTime: '2026-12-24T00:00:00Z' }), NOW, 2))).toEqual(['2026-12-24T00:00:00Z', '2026-12-24T00:10:00Z']);
});
