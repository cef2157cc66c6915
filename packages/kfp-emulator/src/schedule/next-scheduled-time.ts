import { nextActivation } from '../cron/cron-next';
import { parseCron } from '../cron/robfig-cron';
import type { StoredJob } from '../state/state';

/** No further workflow (math.MaxInt64 / maxTime in the controller). */
export const NEVER = Number.POSITIVE_INFINITY;

const toSec = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : Math.floor(ms / 1000));

/**
 * When the ScheduledWorkflow of `job` should next create a workflow, in epoch seconds, as
 * ScheduledWorkflow.getNextScheduledEpoch does (backend/src/crd/controller/scheduledworkflow/util/
 * scheduled_workflow.go, cron_schedule.go and periodic_schedule.go at 2.1.0), in UTC. With catch-up,
 * every missed time is due in turn; without (`no_catchup`), only the latest one that is already due.
 */
export function nextScheduledSec(job: StoredJob, nowSec: number): number {
  const creationSec = Math.floor(job.createdMs / 1000);
  const last = job.lastTriggeredSec;
  const catchup = !job.noCatchup;
  const periodic = job.trigger?.periodic;
  if (periodic) {
    const schedule = { startSec: toSec(periodic.startMs), endSec: toSec(periodic.endMs), interval: Math.max(1, Number(periodic.intervalSecond)) };
    const next = periodicNext(schedule, last, creationSec);
    if (catchup || next === NEVER) return next;
    // GetNextScheduledEpochNoCatchup: too far behind, so run now (or at the end time, if that passed).
    if (nowSec >= next + schedule.interval) return schedule.endSec !== undefined && schedule.endSec < nowSec ? schedule.endSec : nowSec;
    return next;
  }
  const cron = job.trigger?.cron;
  if (cron) {
    const parsed = parseCron(cron.cron);
    if (!parsed.ok) return NEVER;
    const startSec = toSec(cron.startMs);
    const endSec = toSec(cron.endMs) ?? NEVER;
    const from = Math.max(last ?? startSec ?? creationSec, startSec ?? -Infinity);
    // robfig returns the zero time when nothing matches within five years; the controller would then
    // fire at once, again and again. The emulator treats it as never.
    const result = nextActivation(parsed.schedule, from) ?? NEVER;
    if (endSec < result) return NEVER;
    if (catchup) return result;
    const limit = Math.min(nowSec, endSec);
    if (parsed.schedule.kind === 'every') {
      return result + Math.max(0, Math.floor((limit - result) / parsed.schedule.seconds)) * parsed.schedule.seconds;
    }
    let next = result;
    for (let after = nextActivation(parsed.schedule, next); after !== undefined && after <= limit; after = nextActivation(parsed.schedule, next)) {
      next = after;
    }
    return next;
  }
  // No trigger: a one-off run, due at creation.
  return last === undefined ? creationSec : NEVER;
}

function periodicNext(schedule: { startSec?: number; endSec?: number; interval: number }, last: number | undefined, creationSec: number): number {
  const from = last ?? schedule.startSec ?? creationSec;
  if (schedule.startSec !== undefined && schedule.startSec > from) return schedule.startSec;
  const result = from + schedule.interval;
  return schedule.endSec !== undefined && schedule.endSec < result ? NEVER : result;
}

/** The controller clamps max_concurrency to 1..10 (1 when unset). */
export function maxConcurrency(job: StoredJob): number {
  const value = Number(job.maxConcurrency);
  return Number.isFinite(value) && value >= 1 ? Math.min(10, value) : 1;
}
