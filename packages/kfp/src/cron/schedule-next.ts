import type { CronSchedule, SpecSchedule } from './cron-schedule';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The first activation strictly after `fromMs` (UTC), as robfig/cron v1.2.0's
 * `Next` computes it; null when a spec matches no time within five years
 * (robfig returns the zero time then).
 */
export function nextActivation(schedule: CronSchedule, fromMs: number): number | null {
  const wholeSecond = Math.floor(fromMs / SECOND) * SECOND;
  if (schedule.kind === 'every') return wholeSecond + schedule.periodSeconds * SECOND;
  return nextSpecActivation(schedule, wholeSecond + SECOND);
}

function nextSpecActivation(s: SpecSchedule, startMs: number): number | null {
  let t = startMs;
  // Once a field has been advanced, all smaller fields restart from their minimum.
  let added = false;
  const yearLimit = new Date(t).getUTCFullYear() + 5;

  wrap: for (;;) {
    if (new Date(t).getUTCFullYear() > yearLimit) return null;

    while (!s.months.has(new Date(t).getUTCMonth() + 1)) {
      const d = new Date(t);
      if (!added) added = true;
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
      if (new Date(t).getUTCMonth() === 0) continue wrap;
    }

    while (!dayMatches(s, new Date(t))) {
      if (!added) {
        added = true;
        t = Math.floor(t / DAY) * DAY;
      }
      t += DAY;
      if (new Date(t).getUTCDate() === 1) continue wrap;
    }

    while (!s.hours.has(new Date(t).getUTCHours())) {
      if (!added) {
        added = true;
        t = Math.floor(t / HOUR) * HOUR;
      }
      t += HOUR;
      if (new Date(t).getUTCHours() === 0) continue wrap;
    }

    while (!s.minutes.has(new Date(t).getUTCMinutes())) {
      if (!added) {
        added = true;
        t = Math.floor(t / MINUTE) * MINUTE;
      }
      t += MINUTE;
      if (new Date(t).getUTCMinutes() === 0) continue wrap;
    }

    while (!s.seconds.has(new Date(t).getUTCSeconds())) {
      if (!added) {
        added = true;
        t = Math.floor(t / SECOND) * SECOND;
      }
      t += SECOND;
      if (new Date(t).getUTCSeconds() === 0) continue wrap;
    }

    return t;
  }
}

function dayMatches(s: SpecSchedule, t: Date): boolean {
  const domMatch = s.daysOfMonth.has(t.getUTCDate());
  const dowMatch = s.daysOfWeek.has(t.getUTCDay());
  if (s.dayOfMonthStar || s.dayOfWeekStar) return domMatch && dowMatch;
  return domMatch || dowMatch;
}
