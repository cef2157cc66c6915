import { startEmulator } from 'kfp-emulator';
import type { KfpClient } from '../../src/kfp-client/kfp-client';
import { connect, Transcript, type Emulator } from './support/harness';
import { sampleWorkflow } from './support/workflow';

const JOB_COUNT = 430;

describe('paging and filters', () => {
  let emulator: Emulator;
  let client: KfpClient;
  const transcript = new Transcript();

  beforeAll(async () => {
    emulator = await startEmulator({ clock: 'manual' });
    client = await connect(emulator, transcript);
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it(`lists all ${JOB_COUNT} jobs of a namespace newest first, in pages of 200, the most the server gives`, async () => {
    const experiment = await client.createExperiment({ name: 'many-jobs' });
    const created: string[] = [];
    for (let i = 0; i < JOB_COUNT; i++) {
      emulator.advance(1000);
      const job = await client.createJob({
        name: `GIT::job-${i}__2024-05-01T12-00-00Z`,
        experimentId: experiment.id,
        enabled: false,
        maxConcurrency: 1,
        noCatchup: true,
        trigger: { schedule: { kind: 'interval', seconds: 60 } },
        workflowManifest: sampleWorkflow(),
        parameters: { message: String(i) },
      });
      created.push(job.id);
    }
    emulator.clearRequests();

    const jobs = await client.listJobs('team-1');
    expect(jobs.map((job) => job.id)).toEqual([...created].reverse());

    const lists = emulator.requests().filter((request) => request.kind === 'jobs.list');
    expect(lists).toHaveLength(3);
    for (const request of lists) {
      const query = new URLSearchParams(request.query);
      expect(query.get('page_size')).toBe('200');
      expect(query.get('sort_by')).toBe('created_at desc');
      expect(query.get('resource_reference_key.type')).toBe('NAMESPACE');
      expect(query.get('resource_reference_key.id')).toBe('team-1');
    }
    expect(new URLSearchParams(lists[0]?.query).get('page_token')).toBeNull();
    expect(new URLSearchParams(lists[1]?.query).get('page_token')).toBeTruthy();
    expect(new URLSearchParams(lists[2]?.query).get('page_token')).toBeTruthy();
  });

  it('returns every page of experiments with a small page size', async () => {
    for (let i = 0; i < 7; i++) await client.createExperiment({ name: `paged-${i}` });
    emulator.clearRequests();
    const names = (await client.listExperiments(undefined, { pageSize: 3, filter: { predicates: [{ key: 'name', op: 'IS_SUBSTRING', string_value: 'paged-' }] } })).map(
      (e) => e.name,
    );
    expect(names.sort()).toEqual(['paged-0', 'paged-1', 'paged-2', 'paged-3', 'paged-4', 'paged-5', 'paged-6']);
    expect(emulator.requests().filter((request) => request.kind === 'experiments.list')).toHaveLength(3);
  });

  it.each(['a+b', '100% sure', 'with spaces', 'GIT::nightly__2024-05-01T12-00-00Z', 'quotes "and" & ampersands=1'])(
    'finds the experiment named %j exactly (the filter survives double decoding)',
    async (name) => {
      const created = await client.createExperiment({ name });
      expect((await client.findExperimentByName(undefined, name))?.id).toBe(created.id);
    },
  );

  it('does not confuse "a+b" with "a b"', async () => {
    const spaced = await client.createExperiment({ name: 'x y' });
    await client.createExperiment({ name: 'x+y' });
    expect((await client.findExperimentByName(undefined, 'x y'))?.id).toBe(spaced.id);
    expect((await client.findExperimentByName(undefined, 'x+y'))?.name).toBe('x+y');
  });
});
