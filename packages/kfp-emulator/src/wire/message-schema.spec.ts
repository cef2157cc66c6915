import { apiErrorOf } from '../errors/__fixtures__/api-error-of';
import { decodeMessage } from './message-schema';
import { JobSchema } from './v1beta1-messages';

const lenient = { rejectUnknownFields: false };
const strict = { rejectUnknownFields: true };

const decodeError = (body: unknown, options = lenient) => apiErrorOf(() => decodeMessage(body, JobSchema, options));

describe('decodeMessage (protojson-style request decoding)', () => {
  it('accepts snake_case and lowerCamel names, enum names and numbers, int64 as number or string', () => {
    const decoded = decodeMessage(
      {
        name: 'j',
        maxConcurrency: 3,
        noCatchup: true,
        mode: 1,
        trigger: { periodicSchedule: { intervalSecond: '3600', startTime: '2024-05-01T12:00:00.5Z' } },
        resource_references: [{ key: { type: 'EXPERIMENT', id: 'e1' }, relationship: 1 }],
      },
      JobSchema,
      lenient,
    );
    expect(decoded).toEqual({
      name: 'j',
      max_concurrency: '3',
      no_catchup: true,
      mode: 'ENABLED',
      trigger: { periodic_schedule: { interval_second: '3600', start_time: Date.parse('2024-05-01T12:00:00.5Z') } },
      resource_references: [{ key: { type: 'EXPERIMENT', id: 'e1' }, relationship: 'OWNER' }],
    });
  });

  it('treats null as unset', () => {
    expect(decodeMessage({ name: 'j', description: null, trigger: null }, JobSchema, lenient)).toEqual({ name: 'j' });
  });

  it('ignores unknown fields in lenient mode (gateway v1) and rejects them in strict mode (gateway v2)', () => {
    expect(decodeMessage({ name: 'j', color: 'red' }, JobSchema, lenient)).toEqual({ name: 'j' });
    const error = decodeError({ name: 'j', pipeline_spec: { color: 'red' } }, strict);
    expect(error.code).toBe(3);
    expect(error.message).toBe('unknown field "color" in PipelineSpec');
  });

  it.each([
    [{ max_concurrency: 1.5 }, /max_concurrency: expected an integer/],
    [{ max_concurrency: '9223372036854775808' }, /out of range for int64/],
    [{ enabled: 'yes' }, /enabled: expected true or false/],
    [{ mode: 'SOMETIMES' }, /unknown enum value "SOMETIMES"/],
    [{ trigger: { cron_schedule: { cron: '* * * * * *' }, periodic_schedule: { interval_second: 1 } } }, /only one of cron_schedule, periodic_schedule/],
    [{ trigger: { cron_schedule: { start_time: '2024-05-01' } } }, /start_time: expected an RFC 3339 timestamp/],
    [{ resource_references: { key: {} } }, /resource_references: expected a JSON array/],
  ])('rejects %j', (body, message) => {
    const error = decodeError(body);
    expect(error.code).toBe(3);
    expect(error.message).toMatch(message);
  });

  it('rejects a name given both as snake_case and camelCase', () => {
    expect(decodeError({ no_catchup: true, noCatchup: false }).message).toMatch(/set twice/);
  });
});
