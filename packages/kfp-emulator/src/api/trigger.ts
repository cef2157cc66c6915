import type { StoredJob } from '../state/state';
import { formatTimestamp } from '../wire/timestamp';

const optionalTime = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : formatTimestamp(ms));

/** A job's schedule in the wire form both APIs share (toApiTriggerV1, toApiTrigger); undefined when it has none. */
export function toApiTrigger(j: StoredJob): Record<string, unknown> | undefined {
  const cron = j.trigger?.cron;
  const periodic = j.trigger?.periodic;
  if (!cron && !periodic) return undefined;
  return {
    cron_schedule: cron && { start_time: optionalTime(cron.startMs), end_time: optionalTime(cron.endMs), cron: cron.cron },
    periodic_schedule: periodic && {
      start_time: optionalTime(periodic.startMs),
      end_time: optionalTime(periodic.endMs),
      interval_second: periodic.intervalSecond,
    },
  };
}
