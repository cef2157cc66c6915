import { join } from 'node:path';
import { SwaggerDocument } from './support/swagger-validator';

const swagger = SwaggerDocument.load(join(__dirname, 'swagger', 'kfp-2.17.0', 'v1beta1', 'kfp_api_single_file.swagger.json'));
const strict = { strict: true, openDefinitions: ['protobufAny'] };

function jobErrors(job: unknown): string[] {
  const declared = swagger.responseSchema('GET', '/apis/v1beta1/jobs/abc', 200);
  if (!declared) throw new Error('GET /jobs/{id} not found in swagger');
  return swagger.validate(declared.schema, job, strict);
}

describe('the swagger validator used by the conformance tests', () => {
  it('finds operations by method and path, with or without the /pipeline prefix, and falls back to default', () => {
    expect(swagger.responseSchema('POST', '/pipeline/apis/v1beta1/experiments/e1:archive', 200)?.operation).toMatch(/ArchiveExperimentV1/);
    expect(swagger.responseSchema('GET', '/apis/v1beta1/runs/r1', 404)?.schema).toEqual({ $ref: '#/definitions/googleRpcStatus' });
    expect(swagger.responseSchema('PUT', '/apis/v1beta1/runs/r1', 200)).toBeUndefined();
  });

  it('accepts a well-formed job', () => {
    expect(
      jobErrors({
        id: 'j',
        max_concurrency: '1',
        trigger: { cron_schedule: { cron: '0 * * * * *', start_time: '2024-01-01T00:00:00Z' } },
        resource_references: [{ key: { type: 'EXPERIMENT', id: 'e' }, relationship: 'OWNER' }],
        enabled: true,
      }),
    ).toEqual([]);
  });

  it('reports int64 numbers, bad enums, bad timestamps, wrong types and undeclared (camelCase) fields', () => {
    expect(
      jobErrors({
        max_concurrency: 1,
        mode: 'ON',
        created_at: 'yesterday',
        enabled: 'true',
        maxConcurrency: '1',
        resource_references: {},
      }),
    ).toEqual([
      '$.max_concurrency: expected a string, got 1',
      '$.mode: "ON" is not one of UNKNOWN_MODE, ENABLED, DISABLED',
      '$.created_at: expected an RFC 3339 date-time, got "yesterday"',
      '$.enabled: expected a boolean, got "true"',
      '$.maxConcurrency: not declared by the schema',
      '$.resource_references: expected an array',
    ]);
  });

  it('lets google.protobuf.Any carry the packed message fields', () => {
    const declared = swagger.responseSchema('GET', '/apis/v1beta1/runs/r1', 500)!;
    const body = { code: 13, message: 'm', details: [{ '@type': 'type.googleapis.com/google.rpc.Status', code: 13, message: 'm' }] };
    expect(swagger.validate(declared.schema, body, strict)).toEqual([]);
    expect(swagger.validate(declared.schema, { ...body, error: 'm' }, strict)).toEqual(['$.error: not declared by the schema']);
  });

  it("reads the 2.1.0 generator's bare {type: object} as a google.protobuf.Value (any JSON) when told to", () => {
    const v2 = SwaggerDocument.load(join(__dirname, 'swagger', 'kfp-2.1.0', 'v2beta1', 'kfp_api_single_file.swagger.json'));
    const declared = v2.responseSchema('GET', '/apis/v2beta1/runs/r1', 200)!;
    const run = { run_id: 'r', runtime_config: { parameters: { n: 3, s: 'x' } }, pipeline_spec: { a: 1 } };
    expect(v2.validate(declared.schema, run, strict)).toEqual(['$.runtime_config.parameters.n: expected an object', '$.runtime_config.parameters.s: expected an object']);
    const lenient = { ...strict, bareObjectIsAnyValue: true };
    expect(v2.validate(declared.schema, run, lenient)).toEqual([]);
    // A google.protobuf.Struct (declared with a description) stays an object.
    expect(v2.validate(declared.schema, { ...run, pipeline_spec: 'x' }, lenient)).toEqual(['$.pipeline_spec: expected an object']);
  });
});
