import { nextTimes } from '../cron/next-times';
import type { Trigger } from './trigger';

/**
 * The next `count` times a new version with this trigger fires after `now`,
 * as KFP's ScheduledWorkflow controller schedules it (in UTC): a cron
 * schedule's activations after the later of now and start_time; an interval
 * counted from start_time (its first run when it is in the future) or from
 * creation; nothing after end_time. Shown in plans, so that a cron mistake
 * (a 5-field expression read as seconds-first) is plain to a reviewer.
 */
export function nextFireTimes(trigger: Trigger, now: Date, count: number): Date[] {
  const nowMs = Math.floor(now.getTime() / 1000) * 1000;
  const startMs = trigger.startTime ? Date.parse(trigger.startTime) : undefined;
  const endMs = trigger.endTime ? Date.parse(trigger.endTime) : Number.POSITIVE_INFINITY;
  const times: number[] = [];
  const { schedule } = trigger;
  if (schedule.kind === 'cron') {
    // A Trigger's expression was checked when the team file was parsed, so it parses here.
    times.push(...nextTimes(schedule.expression, new Date(Math.max(nowMs, startMs ?? nowMs)), count).map((t) => t.getTime()));
  } else {
    const intervalMs = schedule.seconds * 1000;
    let next = startMs !== undefined && startMs > nowMs ? startMs : (startMs ?? nowMs) + (Math.floor((nowMs - (startMs ?? nowMs)) / intervalMs) + 1) * intervalMs;
    while (times.length < count) {
      times.push(next);
      next += intervalMs;
    }
  }
  return times.filter((t) => t <= endMs).map((t) => new Date(t));
}
