// When a recurring run fires. The team files say it with `cron` OR
// `interval_seconds`; from the moment they are parsed it is this
// discriminated type, so "exactly one of the two" is carried by the compiler
// all the way to the request body.

/** A cron expression in KFP's dialect (robfig/cron v1.2.0), or a fixed period. */
export type Schedule = { kind: 'cron'; expression: string } | { kind: 'interval'; seconds: number };

export interface Trigger {
  schedule: Schedule;
  /** RFC 3339 UTC, whole seconds (`2024-01-01T00:00:00Z`), as the server stores it; null when unset. */
  startTime: string | null;
  endTime: string | null;
}
