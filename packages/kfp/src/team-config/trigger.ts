import { parseCron } from '../cron/parse-cron';
import { error, warning, type DocPath, type PendingProblem } from '../config-file/problems';
import type { Schedule, Trigger } from '../schedule/trigger';
import { isRecord } from '../utils/is-record';
import { normalizeTimestamp } from './dates';

/**
 * A recurring run's `job.trigger` into a Trigger: the cron expression parsed
 * as KFP parses it, dates normalised to what the server stores, and every
 * error and warning about them, each once. It works on the raw mapping, so it
 * runs (and reports) even when other keys of the entry are wrong; keys of the
 * wrong type are left to the schema.
 */
export function parseTrigger(raw: unknown, path: DocPath): { trigger?: Trigger; problems: PendingProblem[] } {
  if (!isRecord(raw)) return { problems: [] };
  const problems: PendingProblem[] = [];
  const isSet = (key: string) => raw[key] !== undefined && raw[key] !== null;

  const times: Record<'start_date' | 'end_date', string | null> = { start_date: null, end_date: null };
  let timesOk = true;
  for (const key of ['start_date', 'end_date'] as const) {
    const value = raw[key];
    if (typeof value !== 'string') continue;
    const result = normalizeTimestamp(value);
    if (!result.ok) {
      problems.push(error([...path, key], result.message));
      timesOk = false;
      continue;
    }
    times[key] = result.value;
    if (result.droppedFraction) {
      problems.push(warning([...path, key], `the fractional seconds ${result.droppedFraction} are dropped: the KFP server stores whole seconds, so this is ${result.value}`));
    }
  }
  if (times.start_date && times.end_date && times.start_date >= times.end_date) {
    problems.push(error([...path, 'end_date'], `end_date (${times.end_date}) must be after start_date (${times.start_date})`));
  }

  let schedule: Schedule | undefined;
  if (isSet('cron') && isSet('interval_seconds')) {
    problems.push(error([...path, 'interval_seconds'], 'set only one of `cron` OR `interval_seconds`'));
  } else if (!isSet('cron') && !isSet('interval_seconds')) {
    problems.push(error(path, 'you must specify `cron` OR `interval_seconds`'));
  } else if (typeof raw.cron === 'string') {
    const parsed = parseCron(raw.cron);
    if (parsed.ok) {
      schedule = { kind: 'cron', expression: raw.cron };
      for (const message of parsed.warnings) problems.push(warning([...path, 'cron'], message));
    } else {
      problems.push(error([...path, 'cron'], `invalid cron expression: ${parsed.message}`));
    }
  } else if (typeof raw.interval_seconds === 'number' && Number.isInteger(raw.interval_seconds) && raw.interval_seconds >= 1) {
    schedule = { kind: 'interval', seconds: raw.interval_seconds };
  }

  const hasError = problems.some((p) => p.severity === 'error');
  if (!schedule || !timesOk || hasError) return { problems };
  return { trigger: { schedule, startTime: times.start_date, endTime: times.end_date }, problems };
}
