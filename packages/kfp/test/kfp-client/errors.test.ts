import { startEmulator } from 'kfp-emulator';
import { stringify as stringifyYaml } from 'yaml';
import type { KfpClient } from '../../src/kfp-client/kfp-client';
import { KfpApiError } from '../../src/kfp-client/kfp-api-error';
import type { CreateJobInput } from '../../src/kfp-client/request-bodies';
import { connect, Transcript, type Emulator } from './support/harness';
import { sampleWorkflow } from './support/workflow';

/** Server errors surface as KfpApiError with status, gRPC code and the short message, whatever the body format. */
describe.each(['2.1', '2.14'] as const)('API errors (flavor %s)', (flavor) => {
  let emulator: Emulator;
  let client: KfpClient;
  let experimentId: string;
  const transcript = new Transcript();

  const job = (overrides: Partial<CreateJobInput>): CreateJobInput => ({
    name: 'GIT::bad__2024-05-01T12-00-00Z',
    experimentId,
    enabled: false,
    maxConcurrency: 1,
    noCatchup: false,
    trigger: { schedule: { kind: 'cron', expression: '0 0 * * * *' } },
    workflowManifest: sampleWorkflow(),
    parameters: { message: 'x' },
    ...overrides,
  });

  beforeAll(async () => {
    emulator = await startEmulator({ flavor, clock: 'manual' });
    client = await connect(emulator, transcript);
    experimentId = (await client.createExperiment({ name: 'errors' })).id;
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it('409 AlreadyExists for a duplicate experiment name', async () => {
    const error = await transcript.apiFailure(client.createExperiment({ name: 'errors' }));
    expect(error).toBeInstanceOf(KfpApiError);
    expect(error).toMatchObject({ status: 409, code: 6, operation: 'create experiment "errors"', reason: 'http' });
    expect(error.serverMessage).toMatch(/already exist/i);
    expect(error.message).toContain('create experiment "errors" failed (HTTP 409 AlreadyExists)');
  });

  it('404 NotFound for an unknown run', async () => {
    const error = await transcript.apiFailure(client.getRun('00000000-0000-0000-0000-000000000000'));
    expect(error).toMatchObject({ status: 404, code: 5, operation: 'get run 00000000-0000-0000-0000-000000000000' });
    expect(error.serverMessage).toMatch(/not found/i);
  });

  it('400 InvalidArgument for a bad cron expression, with the short message', async () => {
    const error = await transcript.apiFailure(client.createJob(job({ trigger: { schedule: { kind: 'cron', expression: 'every day' } } })));
    expect(error).toMatchObject({ status: 400, code: 3 });
    expect(error.serverMessage).toMatch(/cron/i);
    // The short message, not the internal chain.
    expect(error.serverMessage.length).toBeLessThan(200);
  });

  it('400 for max_concurrency out of range', async () => {
    const error = await transcript.apiFailure(client.createJob(job({ maxConcurrency: 11 })));
    expect(error.status).toBe(400);
  });

  it('400 for a parameter the workflow does not declare', async () => {
    const error = await transcript.apiFailure(
      client.createRun({ name: 'r', experimentId, workflowManifest: sampleWorkflow(), parameters: { message: 'x', nope: 'y' } }),
    );
    expect(error.status).toBe(400);
    expect(error.serverMessage).toMatch(/Unrecognized input parameter/i);
  });

  it('404 for a run in an unknown experiment', async () => {
    const error = await transcript.apiFailure(
      client.createRun({ name: 'r', experimentId: '11111111-1111-1111-1111-111111111111', workflowManifest: sampleWorkflow(), parameters: {} }),
    );
    expect(error.status).toBe(404);
  });

  it('409 in the upload endpoints’ own body format for a duplicate pipeline name', async () => {
    const content = stringifyYaml(sampleWorkflow('dup'));
    await client.uploadPipeline({ name: 'dup', fileName: 'workflow.yaml', content });
    const error = await transcript.apiFailure(client.uploadPipeline({ name: 'dup', fileName: 'workflow.yaml', content }));
    expect(error.status).toBe(409);
    expect(error.serverMessage).toMatch(/\S/);
    expect(error.serverMessage).not.toMatch(/^\{/);
  });

  it("a host that already holds the API prefix gets the gateway's own 404, explained (text/plain on 2.1, a bare status on 2.14)", async () => {
    const misconfigured = await connect(emulator, transcript, { hostPath: '/pipeline/apis/v1beta1' });
    const error = await transcript.apiFailure(misconfigured.listExperiments(undefined));
    expect(error).toMatchObject({ reason: 'http', status: 404, serverMessage: 'Not Found' });
    expect(error.message).toBe(
      `list experiments failed (HTTP 404${flavor === '2.14' ? ' NotFound' : ''}): Not Found; likely cause: no such KFP API path: check the host and its path prefix (e.g. https://host/pipeline, without /apis/v1beta1)`,
    );
  });

  it('a create that fails for a known reason is not retried and not looked up', async () => {
    emulator.clearRequests();
    await transcript.apiFailure(client.createJob(job({ maxConcurrency: 0 })));
    expect(emulator.requests().map((request) => request.kind)).toEqual(['jobs.create']);
  });
});
