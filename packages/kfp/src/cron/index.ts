export { parseCron, CRON_DESCRIPTORS, type CronParseResult, type CronForm } from './parse-cron';
export { nextTimes } from './next-times';
export { nextActivation } from './schedule-next';
export { parseGoDuration, type GoDurationResult } from './go-duration';
export type { CronSchedule, SpecSchedule, EverySchedule } from './cron-schedule';
export { CRON_FIELDS, type CronFieldName } from './cron-fields';
