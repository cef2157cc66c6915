import { normalizeTimestamp } from './dates';

describe('normalizeTimestamp', () => {
  it.each([
    ['2024-01-01', '2024-01-01T00:00:00Z'],
    ['2024-01-01T09:30:00Z', '2024-01-01T09:30:00Z'],
    ['2024-01-01t09:30:00z', '2024-01-01T09:30:00Z'],
    ['2024-01-01T09:30:00+02:00', '2024-01-01T07:30:00Z'],
    ['2024-01-01T01:30:00+0200', '2023-12-31T23:30:00Z'],
    ['2024-01-01 09:30:00 -5', '2024-01-01T14:30:00Z'],
    ['2024-01-01 9:30:00', '2024-01-01T09:30:00Z'],
    ['2024-02-29T23:59:59-00:30', '2024-03-01T00:29:59Z'],
    ['2001-12-14t21:59:43.00-05:00', '2001-12-15T02:59:43Z'],
  ])('%s -> %s', (text, value) => {
    expect(normalizeTimestamp(text)).toEqual({ ok: true, value });
  });

  it('truncates fractional seconds and reports what was dropped', () => {
    expect(normalizeTimestamp('2024-01-01T00:00:00.999Z')).toEqual({ ok: true, value: '2024-01-01T00:00:00Z', droppedFraction: '.999' });
  });

  it.each([
    ['tomorrow', 'must be a date or a date and time, such as 2024-01-01, 2024-01-01T09:00:00Z or 2024-01-01 09:00:00 +02:00 (got "tomorrow")'],
    ['2024-13-01', 'month 13 does not exist (got "2024-13-01")'],
    ['2023-02-29', 'day 29 does not exist in 2023-02 (got "2023-02-29")'],
    ['2024-01-01T24:00:00Z', 'the time of day is out of range (got "2024-01-01T24:00:00Z")'],
    ['2024-01-01T10:00:00+25:00', 'the UTC offset is out of range (got "2024-01-01T10:00:00+25:00")'],
    ['9999-12-31T23:00:00-05:00', 'the date is out of range once converted to UTC (got "9999-12-31T23:00:00-05:00")'],
  ])('rejects %s', (text, message) => {
    expect(normalizeTimestamp(text)).toEqual({ ok: false, message });
  });
});
