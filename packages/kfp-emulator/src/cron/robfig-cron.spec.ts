import { parseCron, type CronSchedule } from './robfig-cron';

function fields(spec: string): Extract<CronSchedule, { kind: 'fields' }> {
  const result = parseCron(spec);
  if (!result.ok) throw new Error(`expected ${spec} to parse: ${result.error}`);
  if (result.schedule.kind !== 'fields') throw new Error(`expected field schedule for ${spec}`);
  return result.schedule;
}

function errorOf(spec: string): string {
  const result = parseCron(spec);
  if (result.ok) throw new Error(`expected ${spec} to be rejected`);
  return result.error;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('parseCron (robfig/cron v1.2.0 semantics)', () => {
  it('reads six fields seconds first', () => {
    const s = fields('0 30 9 ? * 2-6');
    expect(s.seconds).toEqual([0]);
    expect(s.minutes).toEqual([30]);
    expect(s.hours).toEqual([9]);
    expect(s.daysOfMonth).toEqual(range(1, 31));
    expect(s.daysOfWeek).toEqual([2, 3, 4, 5, 6]);
  });

  it('reads a classic 5-field unix cron as seconds-first with any day of week (hourly, not daily)', () => {
    const s = fields('0 0 * * *');
    expect(s.seconds).toEqual([0]);
    expect(s.minutes).toEqual([0]);
    expect(s.hours).toEqual(range(0, 23));
    expect(s.daysOfWeek).toEqual(range(0, 6));
  });

  it('supports steps, lists, names and the N/step shorthand', () => {
    const s = fields('*/15 5,10-12 0/6 1 jan-mar MON,wed');
    expect(s.seconds).toEqual([0, 15, 30, 45]);
    expect(s.minutes).toEqual([5, 10, 11, 12]);
    expect(s.hours).toEqual([0, 6, 12, 18]);
    expect(s.months).toEqual([1, 2, 3]);
    expect(s.daysOfWeek).toEqual([1, 3]);
  });

  it('skips empty list items like strings.FieldsFunc', () => {
    expect(fields('0 1,,2 * * * *').minutes).toEqual([1, 2]);
  });

  it.each([
    ['@yearly', [0], [1]],
    ['@monthly', [0], range(1, 12)],
    ['@daily', [0], range(1, 12)],
    ['@midnight', [0], range(1, 12)],
  ])('expands the %s descriptor', (spec, hours, months) => {
    const s = fields(spec);
    expect(s.hours).toEqual(hours);
    expect(s.months).toEqual(months);
  });

  it('expands @hourly and @weekly', () => {
    expect(fields('@hourly').hours).toEqual(range(0, 23));
    expect(fields('@weekly').daysOfWeek).toEqual([0]);
  });

  it('parses @every with Go durations, rounding up to one second', () => {
    expect(parseCron('@every 1h30m')).toEqual({ ok: true, schedule: { kind: 'every', seconds: 5400 } });
    expect(parseCron('@every 1.5s')).toEqual({ ok: true, schedule: { kind: 'every', seconds: 1 } });
    expect(parseCron('@every 10ms')).toEqual({ ok: true, schedule: { kind: 'every', seconds: 1 } });
    expect(errorOf('@every soon')).toMatch(/^Failed to parse duration @every soon: time: invalid duration/);
    expect(errorOf('@every 5d')).toMatch(/unknown unit "d"/);
  });

  it.each([
    ['', 'Empty spec string'],
    ['* * * *', 'Expected 5 to 6 fields, found 4: * * * *'],
    ['0 0 0 * * * *', 'Expected 5 to 6 fields, found 7: 0 0 0 * * * *'],
    ['60 * * * * *', 'End of range (60) above maximum (59): 60'],
    ['0 0 0 0 * *', 'Beginning of range (0) below minimum (1): 0'],
    ['0 0 0 * * 7', 'End of range (7) above maximum (6): 7'],
    ['0 5-1 * * * *', 'Beginning of range (5) beyond end of range (1): 5-1'],
    ['0 1-2-3 * * * *', 'Too many hyphens: 1-2-3'],
    ['0 */2/3 * * * *', 'Too many slashes: */2/3'],
    ['0 */0 * * * *', 'Step of range should be a positive number: */0'],
    ['0 x * * * *', 'Failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
    ['@sometimes', 'Unrecognized descriptor: @sometimes'],
  ])('rejects %j with %j', (spec, message) => {
    expect(errorOf(spec)).toBe(message);
  });

  it('is case-sensitive for descriptors but not for names', () => {
    expect(parseCron('@DAILY').ok).toBe(false);
    expect(fields('0 0 0 * DEC SUN').months).toEqual([12]);
  });
});
