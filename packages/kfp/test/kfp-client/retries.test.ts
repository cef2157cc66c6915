import { startEmulator } from 'kfp-emulator';
import type { KfpClient } from '../../src/kfp-client/kfp-client';
import type { CreateJobInput } from '../../src/kfp-client/request-bodies';
import { connect, Transcript, until, type Emulator } from './support/harness';
import { sampleWorkflow } from './support/workflow';

/** Retries under the emulator's injected faults; the request log shows what really reached the server. */
describe('retries and create exists-checks', () => {
  let emulator: Emulator;
  let client: KfpClient;
  let transcript: Transcript;
  let experimentId: string;

  const job = (name: string): CreateJobInput => ({
    name,
    experimentId,
    enabled: false,
    maxConcurrency: 1,
    noCatchup: true,
    trigger: { schedule: { kind: 'interval', seconds: 600 } },
    workflowManifest: sampleWorkflow(),
    parameters: { message: 'retry' },
  });

  const calls = () => emulator.requests().map((request) => `${request.kind} ${request.status}`);
  const kinds = () => emulator.requests().map((request) => request.kind);

  beforeAll(async () => {
    emulator = await startEmulator({ clock: 'manual' });
  });
  beforeEach(async () => {
    emulator.reset();
    emulator.clearFaults();
    transcript = new Transcript();
    client = await connect(emulator, transcript);
    experimentId = (await client.createExperiment({ name: 'retries' })).id;
    emulator.clearRequests();
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it('retries a read after a connection reset', async () => {
    emulator.injectFaults([{ kind: 'experiments.list', reset: true, at: [1] }]);
    expect((await client.listExperiments(undefined)).map((e) => e.name)).toContain('retries');
    expect(calls()).toEqual(['experiments.list 0', 'experiments.list 200']);
    expect(transcript.sleeps).toHaveLength(1);
    expect(transcript.lines.some((line) => /list experiments: ECONNRESET; retry 1\/3/.test(line))).toBe(true);
  });

  it('rides out a burst of 503s on an idempotent action', async () => {
    const created = await client.createJob(job('GIT::burst__2024-05-01T12-00-00Z'));
    emulator.clearRequests();
    emulator.injectFaults([{ kind: 'jobs.enable', status: 503, times: 2 }]);
    await client.enableJob(created.id);
    expect(calls()).toEqual(['jobs.enable 503', 'jobs.enable 503', 'jobs.enable 200']);
    expect(transcript.sleeps).toHaveLength(2);
    expect((await client.listJobs(undefined)).find((j) => j.id === created.id)?.enabled).toBe(true);
  });

  it('waits at least as long as a 429 asks', async () => {
    emulator.injectFaults([{ kind: 'experiments.list', status: 429, times: 1 }]);
    await client.listExperiments(undefined);
    expect(calls()).toEqual(['experiments.list 429', 'experiments.list 200']);
    expect(transcript.sleeps).toHaveLength(1);
    const retryAfter = emulator.requests()[0];
    expect(retryAfter?.status).toBe(429);
  });

  it('gives up after the configured attempts with the last error', async () => {
    emulator.injectFaults([{ kind: 'healthz', status: 503 }]);
    const error = await transcript.apiFailure(client.healthz());
    expect(error.status).toBe(503);
    expect(kinds()).toEqual(['healthz', 'healthz', 'healthz', 'healthz']);
    expect(transcript.sleeps).toHaveLength(3);
  });

  it('never repeats a create blindly: after a 503 it checks, then creates once', async () => {
    emulator.injectFaults([{ kind: 'jobs.create', status: 503, at: [1] }]);
    const created = await client.createJob(job('GIT::checked__2024-05-01T12-00-00Z'));
    expect(calls()).toEqual(['jobs.create 503', 'jobs.list 200', 'jobs.create 200']);
    const same = (await client.listJobs(undefined)).filter((j) => j.name === 'GIT::checked__2024-05-01T12-00-00Z');
    expect(same.map((j) => j.id)).toEqual([created.id]);
  });

  it('after a reset on create, checks before creating again', async () => {
    emulator.injectFaults([{ kind: 'experiments.create', reset: true, at: [1] }]);
    const experiment = await client.createExperiment({ name: 'reset-create' });
    expect(experiment.name).toBe('reset-create');
    // The emulator resets before handling, so the check finds nothing and the create is sent once more.
    expect(calls()).toEqual(['experiments.create 0', 'experiments.list 200', 'experiments.create 200']);
    const all = await client.listExperiments(undefined, { filter: { predicates: [{ key: 'name', op: 'EQUALS', string_value: 'reset-create' }] } });
    expect(all).toHaveLength(1);
    expect(transcript.lines.some((line) => /create experiment "reset-create": outcome unknown/.test(line))).toBe(true);
  });

  it('after a reset on a run create, the run exists exactly once', async () => {
    emulator.injectFaults([{ kind: 'runs.create', reset: true, at: [1] }]);
    const run = await client.createRun({ name: 'MANUAL::reset__2024-05-01T12-00-00Z', experimentId, workflowManifest: sampleWorkflow(), parameters: { message: 'm' } });
    expect(kinds().slice(0, 2)).toEqual(['runs.create', 'runs.list']);
    const runs = await client.listRuns({ experimentId });
    expect(runs.map((r) => r.id)).toEqual([run.id]);
  });

  it('after a timeout on create, finds the job the slow server did create, and does not create it again', async () => {
    const name = 'GIT::slow__2024-05-01T12-00-00Z';
    const slowCreated = () => emulator.requests().some((request) => request.kind === 'jobs.create' && request.status === 200);
    // The backoff before the check lasts until the slow create has landed, as a real backoff usually would.
    const slow = await connect(emulator, transcript, { timeoutMs: 300, sleep: () => until(slowCreated) });
    emulator.injectFaults([{ kind: 'jobs.create', latencyMs: 1500, times: 1 }]);
    const created = await slow.createJob(job(name));
    expect(created.name).toBe(name);
    expect(kinds()).toEqual(['jobs.create', 'jobs.list']);
    expect((await client.listJobs(undefined)).filter((j) => j.name === name).map((j) => j.id)).toEqual([created.id]);
    expect(transcript.lines.some((line) => line.includes(`create job "${name}": found it, not creating it again`))).toBe(true);
  });

  it('does not retry a create that failed with a plain 500, but still checks whether it exists', async () => {
    emulator.injectFaults([{ kind: 'jobs.create', status: 500, at: [1] }]);
    const error = await transcript.apiFailure(client.createJob(job('GIT::five-hundred__2024-05-01T12-00-00Z')));
    expect(error.status).toBe(500);
    expect(kinds()).toEqual(['jobs.create', 'jobs.list']);
  });

  it('treats a 404 on a retried delete as done', async () => {
    const created = await client.createJob(job('GIT::delete-me__2024-05-01T12-00-00Z'));
    emulator.clearRequests();
    // The first attempt's answer is lost; the retry is told the job is gone.
    emulator.injectFaults([{ kind: 'jobs.delete', reset: true, at: [1] }, { kind: 'jobs.delete', status: 404, at: [2] }]);
    await expect(client.deleteJob(created.id)).resolves.toBeUndefined();
    expect(kinds()).toEqual(['jobs.delete', 'jobs.delete']);
  });

  it('a 404 on the first delete attempt is an error', async () => {
    const error = await transcript.apiFailure(client.deleteJob('22222222-2222-2222-2222-222222222222'));
    expect(error.status).toBe(404);
    expect(kinds()).toEqual(['jobs.delete']);
  });

  it('times out a hanging call and retries it', async () => {
    const slow = await connect(emulator, transcript, { timeoutMs: 200 });
    emulator.injectFaults([{ kind: 'healthz', latencyMs: 1000, times: 1 }]);
    expect((await slow.healthz()).multiUser).toBe(false);
    expect(transcript.lines.some((line) => /check KFP API health: timeout; retry 1\/3/.test(line))).toBe(true);
  });
});
