import { int64, message, str, timestamp } from './field-types';
import type { MessageSchema } from './message-schema';

// A recurring run's trigger: v1beta1 (job.proto) and v2beta1 (recurring_run.proto)
// declare Trigger, CronSchedule and PeriodicSchedule field for field alike.

const CronScheduleSchema: MessageSchema = { name: 'CronSchedule', fields: { start_time: timestamp, end_time: timestamp, cron: str } };
const PeriodicScheduleSchema: MessageSchema = {
  name: 'PeriodicSchedule',
  fields: { start_time: timestamp, end_time: timestamp, interval_second: int64 },
};
export const TriggerSchema: MessageSchema = {
  name: 'Trigger',
  fields: { cron_schedule: message(() => CronScheduleSchema), periodic_schedule: message(() => PeriodicScheduleSchema) },
  oneofs: [['cron_schedule', 'periodic_schedule']],
};

/** A decoded Trigger. */
export interface TriggerInput {
  cron_schedule?: { start_time?: number; end_time?: number; cron?: string };
  periodic_schedule?: { start_time?: number; end_time?: number; interval_second?: string };
}
