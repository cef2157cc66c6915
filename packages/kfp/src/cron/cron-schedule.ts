/** A parsed cron schedule, in the shape robfig/cron v1.2.0 evaluates it. */
export type CronSchedule = SpecSchedule | EverySchedule;

export interface SpecSchedule {
  kind: 'spec';
  seconds: ReadonlySet<number>;
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  daysOfMonth: ReadonlySet<number>;
  months: ReadonlySet<number>;
  /** 0 = Sunday. */
  daysOfWeek: ReadonlySet<number>;
  /**
   * robfig's "star bit": set when the field started with `*` or `?`. When both
   * day fields are restricted, a day matches if EITHER matches (classic cron);
   * otherwise both must match.
   */
  dayOfMonthStar: boolean;
  dayOfWeekStar: boolean;
}

/** `@every <duration>`: a fixed period, whole seconds, at least one. */
export interface EverySchedule {
  kind: 'every';
  periodSeconds: number;
}
