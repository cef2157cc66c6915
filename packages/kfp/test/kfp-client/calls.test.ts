import { startEmulator } from 'kfp-emulator';
import { stringify as stringifyYaml } from 'yaml';
import type { KfpClient } from '../../src/kfp-client/kfp-client';
import { connect, kinds, Transcript, type Emulator } from './support/harness';
import { sampleWorkflow } from './support/workflow';

/** Every client call end to end, against both error/strictness flavors (2.14 rejects unknown request fields). */
describe.each(['2.1', '2.14'] as const)('KFP client calls against the emulator (flavor %s)', (flavor) => {
  let emulator: Emulator;
  let client: KfpClient;
  const transcript = new Transcript();

  beforeAll(async () => {
    emulator = await startEmulator({ flavor, clock: 'manual' });
    client = await connect(emulator, transcript);
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it('checks health', async () => {
    expect(await client.healthz()).toMatchObject({ multiUser: false });
  });

  it('creates, finds, lists and unarchives experiments', async () => {
    const created = await client.createExperiment({ name: 'exp-calls', description: 'made by the client test' });
    expect(created).toMatchObject({ name: 'exp-calls', description: 'made by the client test', storageState: 'available' });
    expect(created.id).toMatch(/\S/);
    expect(created.createdAt).toBeInstanceOf(Date);

    expect(await client.findExperimentByName(undefined, 'exp-calls')).toEqual(created);
    expect(await client.findExperimentByName(undefined, 'no-such-experiment')).toBeUndefined();
    expect((await client.listExperiments(undefined)).map((e) => e.name)).toContain('exp-calls');

    const archive = await fetch(`${emulator.url}/pipeline/apis/v1beta1/experiments/${created.id}:archive`, { method: 'POST' });
    expect(archive.status).toBe(200);
    expect((await client.findExperimentByName(undefined, 'exp-calls'))?.storageState).toBe('archived');
    await client.unarchiveExperiment(created.id);
    expect((await client.findExperimentByName(undefined, 'exp-calls'))?.storageState).toBe('available');
  });

  it('creates a run from an inline workflow, gets it and lists it', async () => {
    const experiment = await client.createExperiment({ name: 'exp-runs' });
    const workflow = sampleWorkflow();
    const run = await client.createRun({
      name: 'MANUAL::sample__2024-05-01T12-00-00Z',
      experimentId: experiment.id,
      workflowManifest: workflow,
      parameters: { message: 'hello + 100% :: world' },
      serviceAccount: 'pipeline-runner',
    });
    expect(run).toMatchObject({
      name: 'MANUAL::sample__2024-05-01T12-00-00Z',
      experimentId: experiment.id,
      parameters: { message: 'hello + 100% :: world' },
      serviceAccount: 'pipeline-runner',
      storageState: 'available',
    });
    expect(run.workflowManifest).toEqual(workflow);
    expect(run.finishedAt).toBeUndefined();

    const fetched = await client.getRun(run.id);
    expect(fetched).toMatchObject({ id: run.id, name: run.name, experimentId: experiment.id, parameters: run.parameters });
    expect((await client.listRuns({ experimentId: experiment.id })).map((r) => r.id)).toEqual([run.id]);
    expect(kinds(emulator)).toEqual(expect.arrayContaining(['runs.create', 'runs.get', 'runs.list']));
  });

  it('creates cron and interval jobs, enables, disables and deletes them', async () => {
    const experiment = await client.createExperiment({ name: 'exp-jobs' });
    const workflow = sampleWorkflow('scheduled');
    const cron = await client.createJob({
      name: 'GIT::cron-job__2024-05-01T12-00-00Z',
      description: 'every morning',
      experimentId: experiment.id,
      enabled: false,
      maxConcurrency: 2,
      noCatchup: true,
      serviceAccount: 'default-editor',
      trigger: { schedule: { kind: 'cron', expression: '0 0 9 * * *' }, startTime: '2024-05-01T00:00:00Z', endTime: new Date('2030-01-01T00:00:00Z') },
      workflowManifest: workflow,
      parameters: { message: 'morning' },
    });
    expect(cron).toMatchObject({
      name: 'GIT::cron-job__2024-05-01T12-00-00Z',
      description: 'every morning',
      experimentId: experiment.id,
      enabled: false,
      maxConcurrency: 2,
      noCatchup: true,
      serviceAccount: 'default-editor',
      trigger: { cron: { expression: '0 0 9 * * *', startTime: new Date('2024-05-01T00:00:00Z'), endTime: new Date('2030-01-01T00:00:00Z') } },
      parameters: { message: 'morning' },
    });
    expect(cron.workflowManifest).toEqual(workflow);

    emulator.advance(1000);
    const interval = await client.createJob({
      name: 'GIT::interval-job__2024-05-01T12-00-01Z',
      experimentId: experiment.id,
      enabled: true,
      maxConcurrency: 1,
      noCatchup: false,
      trigger: { schedule: { kind: 'interval', seconds: 3600 } },
      workflowManifest: workflow,
      parameters: { message: 'hourly', count: '3' },
    });
    expect(interval).toMatchObject({ enabled: true, noCatchup: false, maxConcurrency: 1, trigger: { interval: { seconds: 3600 } }, parameters: { message: 'hourly', count: '3' } });

    const listed = await client.listJobs(undefined);
    expect(listed.map((job) => job.id)).toEqual([interval.id, cron.id]);

    await client.enableJob(cron.id);
    await client.disableJob(interval.id);
    const byId = new Map((await client.listJobs(undefined)).map((job) => [job.id, job]));
    expect(byId.get(cron.id)?.enabled).toBe(true);
    expect(byId.get(interval.id)?.enabled).toBe(false);

    await client.deleteJob(cron.id);
    expect((await client.listJobs(undefined)).map((job) => job.id)).toEqual([interval.id]);
    const again = await transcript.apiFailure(client.deleteJob(cron.id));
    expect(again.status).toBe(404);
  });

  it("reads a job's state from `enabled`, never from the status the persistence agent reports later", async () => {
    const experiment = await client.createExperiment({ name: 'exp-status' });
    const job = await client.createJob({
      name: 'GIT::status__2024-05-01T12-00-00Z',
      experimentId: experiment.id,
      enabled: true,
      maxConcurrency: 1,
      noCatchup: true,
      trigger: { schedule: { kind: 'interval', seconds: 3600 } },
      workflowManifest: sampleWorkflow(),
      parameters: { message: 'm' },
    });
    // The server answers before anything reported the job; its references start with the server's namespace.
    expect(job).toMatchObject({ enabled: true, status: 'STATUS_UNSPECIFIED', experimentId: experiment.id, namespace: 'kubeflow' });
    emulator.advance(1000);
    expect((await client.listJobs(undefined)).find((j) => j.id === job.id)).toMatchObject({ enabled: true, status: 'ENABLED' });
    await client.disableJob(job.id);
    // Disabled at once, although the last report still says ENABLED.
    expect((await client.listJobs(undefined)).find((j) => j.id === job.id)).toMatchObject({ enabled: false, status: 'ENABLED' });
  });

  it('uploads a pipeline and a version of it (multipart uploadfile)', async () => {
    const text = stringifyYaml(sampleWorkflow('uploaded'));
    const pipeline = await client.uploadPipeline({ name: `uploaded-${flavor}`, description: 'from a test', fileName: 'workflow.yaml', content: text });
    expect(pipeline).toMatchObject({ name: `uploaded-${flavor}`, description: 'from a test' });
    expect(pipeline.parameters.map((p) => p.name)).toEqual(['message', 'count']);
    const version = await client.uploadPipelineVersion({ pipelineId: pipeline.id, name: 'v2', fileName: 'pipeline.yaml', content: new TextEncoder().encode(text) });
    expect(version).toMatchObject({ name: 'v2', pipelineId: pipeline.id });
  });

  it('builds UI links under the /pipeline prefix, or under an explicit UI URL', async () => {
    expect(client.runUrl('r-1')).toBe(`${emulator.url}/pipeline/#/runs/details/r-1`);
    expect(client.jobUrl('j-1')).toBe(`${emulator.url}/pipeline/#/recurringrun/details/j-1`);
    expect(client.experimentUrl('e-1')).toBe(`${emulator.url}/pipeline/#/experiments/details/e-1`);
    const other = await connect(emulator, transcript, { prefix: false, uiUrl: 'https://kubeflow.example.com/pipeline' });
    expect(other.runUrl('r-1')).toBe('https://kubeflow.example.com/pipeline/#/runs/details/r-1');
    expect((await other.healthz()).multiUser).toBe(false);
  });

  it('Dex credentials against an unsecured endpoint: no login is needed', async () => {
    const dex = await connect(emulator, transcript, { auth: { method: 'dex', username: 'someone@example.com', password: 'unused-password', connector: 'local' } });
    expect((await dex.healthz()).multiUser).toBe(false);
    expect(transcript.lines.some((line) => line.includes('did not redirect to a login page; the endpoint is not secured'))).toBe(true);
  });

  it('logs method, path, status and duration only', () => {
    expect(transcript.lines.length).toBeGreaterThan(10);
    const requestLines = transcript.lines.filter((line) => /^(GET|POST|DELETE) /.test(line));
    expect(requestLines.length).toBeGreaterThan(10);
    for (const line of requestLines) expect(line).toMatch(/^(GET|POST|DELETE) \/\S*apis\/v1beta1\/[^?\s]* \d{3} \d+ ms$/);
  });
});
