import { startEmulator } from 'kfp-emulator';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KfpClient } from '../../src/kfp-client/kfp-client';
import { parsePipelineSpec } from '../../src/pipeline-spec/pipeline-spec';
import { connect, Transcript, type Emulator } from './support/harness';

// The v2beta1 calls against the emulator, with a pipeline the real kfp 2.8.0 SDK compiled.
const compiled = (name: string) => parsePipelineSpec(readFileSync(join(__dirname, '../../../kfp-emulator/test/fixtures/v2', name), 'utf8'), name);

describe('KFP v2 calls', () => {
  let emulator: Emulator;
  let client: KfpClient;

  beforeAll(async () => {
    emulator = await startEmulator({ clock: 'manual' });
    client = await connect(emulator, new Transcript());
  });
  afterAll(() => emulator.close());

  it('learns that the server serves v2beta1', async () => {
    expect(await client.servesV2()).toBe(true);
  });

  it('creates an experiment and a run with typed parameters through v2beta1; the run moves on the run clock', async () => {
    const experiment = await client.createExperimentV2({ name: 'v2-runs', description: 'typed' });
    expect(await client.findExperimentByNameV2(undefined, 'v2-runs')).toMatchObject({ id: experiment.id, name: 'v2-runs' });
    const { spec } = compiled('typed-pipeline.yaml');
    const run = await client.createRunV2({ name: 'MANUAL::typed', experimentId: experiment.id, pipeline: { spec }, parameters: { tag: 'v1', epochs: 10, layers: [1, 2] } });
    expect(run).toMatchObject({ name: 'MANUAL::typed', experimentId: experiment.id });
    emulator.advance(10_000);
    expect((await client.getRunV2(run.id)).state).toBe('SUCCEEDED');
  });

  it('refuses a string for a number parameter, as the server does, before the run exists', async () => {
    const experiment = await client.createExperimentV2({ name: 'v2-refused' });
    const { spec } = compiled('typed-pipeline.yaml');
    await expect(client.createRunV2({ name: 'bad', experimentId: experiment.id, pipeline: { spec }, parameters: { tag: 't', epochs: 'ten' } })).rejects.toThrow(/HTTP 400.*epochs/);
  });

  it('a v2 recurring run (with its platform spec) is a job row: a v1beta1 listing shows its manifest and typed parameters', async () => {
    const experiment = await client.createExperimentV2({ name: 'v2-scheduled' });
    const { spec, platformSpec } = compiled('kubernetes-pipeline.yaml');
    const created = await client.createRecurringRunV2({
      name: 'GIT::nightly-v2__2026-11-30T00-00-00Z',
      experimentId: experiment.id,
      enabled: false,
      maxConcurrency: 1,
      noCatchup: true,
      trigger: { schedule: { kind: 'cron', expression: '0 0 2 * * *' } },
      pipeline: { spec, platformSpec },
      parameters: { epochs: 2 },
    });
    expect(created).toMatchObject({ name: 'GIT::nightly-v2__2026-11-30T00-00-00Z', experimentId: experiment.id, enabled: false });
    const [listed] = (await client.listJobs(undefined)).filter((j) => j.id === created.id);
    expect(listed).toMatchObject({ enabled: false, maxConcurrency: 1, runtimeParameters: { epochs: 2 }, trigger: { cron: { expression: '0 0 2 * * *' } } });
    expect(listed.workflowManifest).toBeUndefined();
    expect(listed.pipelineManifest).toContain('pipelineInfo');
    await client.enableJob(created.id);
    expect((await client.listJobs(undefined)).find((j) => j.id === created.id)?.enabled).toBe(true);
    await client.deleteJob(created.id);
    expect((await client.listJobs(undefined)).some((j) => j.id === created.id)).toBe(false);
  });
});
