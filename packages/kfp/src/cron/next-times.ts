import { parseCron } from './parse-cron';
import { nextActivation } from './schedule-next';

/**
 * The next `count` activations of a KFP cron expression strictly after `from`
 * (evaluated in UTC, the KFP default). Fewer are returned when the schedule
 * stops firing; throws on an invalid expression.
 */
export function nextTimes(expression: string, from: Date, count: number): Date[] {
  const parsed = parseCron(expression);
  if (!parsed.ok) throw new Error(`invalid cron expression ${JSON.stringify(expression)}: ${parsed.message}`);
  const times: Date[] = [];
  let cursor = from.getTime();
  while (times.length < count) {
    const next = nextActivation(parsed.schedule, cursor);
    if (next === null) break;
    times.push(new Date(next));
    cursor = next;
  }
  return times;
}
