import type { CronSchedule } from './robfig-cron';

/**
 * robfig/cron v1.2.0 `Schedule.Next(t)` in UTC, on whole epoch seconds: the first activation strictly
 * after `afterSec`, or undefined when none comes within five years (where robfig returns the zero time).
 * A field that does not match is incremented, resetting the smaller ones, and a wrap-around starts over
 * from the month, as SpecSchedule.Next does (spec.go). `@every` adds its delay (ConstantDelaySchedule).
 */
export function nextActivation(schedule: CronSchedule, afterSec: number): number | undefined {
  if (schedule.kind === 'every') return afterSec + schedule.seconds;
  const months = new Set(schedule.months);
  const hours = new Set(schedule.hours);
  const minutes = new Set(schedule.minutes);
  const seconds = new Set(schedule.seconds);
  // A field that lists nothing (robfig accepts ",") matches no time: robfig walks five years
  // before it returns the zero time; the answer is the same without the walk (158 million
  // steps for an empty seconds field).
  if (months.size === 0 || hours.size === 0 || minutes.size === 0 || seconds.size === 0) return undefined;
  const dayMatches = (t: Date): boolean => {
    const dom = schedule.daysOfMonth.includes(t.getUTCDate());
    const dow = schedule.daysOfWeek.includes(t.getUTCDay());
    return schedule.dayStar ? dom && dow : dom || dow;
  };
  const at = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => new Date(Date.UTC(y, mo, d, h, mi, s));

  let t = new Date((afterSec + 1) * 1000);
  let added = false;
  const yearLimit = t.getUTCFullYear() + 5;
  wrap: for (;;) {
    if (t.getUTCFullYear() > yearLimit) return undefined;
    while (!months.has(t.getUTCMonth() + 1)) {
      if (!added) {
        added = true;
        t = at(t.getUTCFullYear(), t.getUTCMonth(), 1);
      }
      t = at(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds());
      if (t.getUTCMonth() === 0) continue wrap;
    }
    while (!dayMatches(t)) {
      if (!added) {
        added = true;
        t = at(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate());
      }
      t = at(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate() + 1, t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds());
      if (t.getUTCDate() === 1) continue wrap;
    }
    while (!hours.has(t.getUTCHours())) {
      if (!added) {
        added = true;
        t = at(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate(), t.getUTCHours());
      }
      t = new Date(t.getTime() + 3_600_000);
      if (t.getUTCHours() === 0) continue wrap;
    }
    while (!minutes.has(t.getUTCMinutes())) {
      if (!added) {
        added = true;
        t = new Date(Math.floor(t.getTime() / 60_000) * 60_000);
      }
      t = new Date(t.getTime() + 60_000);
      if (t.getUTCMinutes() === 0) continue wrap;
    }
    while (!seconds.has(t.getUTCSeconds())) {
      if (!added) added = true;
      t = new Date(t.getTime() + 1000);
      if (t.getUTCSeconds() === 0) continue wrap;
    }
    return t.getTime() / 1000;
  }
}
