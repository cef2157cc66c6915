import { sharedManifestReader, toDate, toExperiment, toHealthz, toJob, toRun, toRunDetail } from './normalize';
import { wireExperiment, wireJob, wireListJobs, wireRunDetail } from './wire';

const workflow = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', spec: { entrypoint: 'main' } };

describe('toJob', () => {
  it('turns int64 strings into numbers and reads the experiment from the EXPERIMENT reference', () => {
    const wire = wireJob.parse({
      id: 'job-1',
      name: 'GIT::nightly__2024-05-01T12-00-00Z',
      pipeline_spec: { workflow_manifest: JSON.stringify(workflow), parameters: [{ name: 'a', value: '1' }, { name: 'b' }] },
      resource_references: [
        { key: { type: 'NAMESPACE', id: 'team-1' }, relationship: 'OWNER' },
        { key: { type: 'EXPERIMENT', id: 'exp-9' }, relationship: 'OWNER' },
      ],
      service_account: 'default-editor',
      max_concurrency: '3',
      trigger: { periodic_schedule: { interval_second: '3600', start_time: '2024-05-01T00:00:00Z' } },
      created_at: '2024-05-01T12:00:01Z',
      updated_at: '1970-01-01T00:00:00Z',
      enabled: true,
      no_catchup: true,
      status: 'ENABLED',
    });
    expect(toJob(wire)).toEqual({
      id: 'job-1',
      name: 'GIT::nightly__2024-05-01T12-00-00Z',
      description: '',
      experimentId: 'exp-9',
      namespace: 'team-1',
      serviceAccount: 'default-editor',
      maxConcurrency: 3,
      noCatchup: true,
      enabled: true,
      trigger: { interval: { seconds: 3600, startTime: new Date('2024-05-01T00:00:00Z') } },
      workflowManifest: workflow,
      parameters: { a: '1', b: '' },
      status: 'ENABLED',
      createdAt: new Date('2024-05-01T12:00:01Z'),
    });
  });

  it('fills omitted zero values: disabled, catch-up, empty description, no parameters, no trigger', () => {
    const job = toJob(wireJob.parse({ id: 'j', name: 'bare', max_concurrency: '1' }));
    expect(job).toEqual({ id: 'j', name: 'bare', description: '', maxConcurrency: 1, noCatchup: false, enabled: false, trigger: {}, parameters: {} });
  });

  it('reads a cron trigger, numeric enum references, and mode ENABLED as enabled', () => {
    const job = toJob(
      wireJob.parse({
        id: 'j',
        name: 'c',
        max_concurrency: 2,
        mode: 'ENABLED',
        resource_references: [{ key: { type: 1, id: 'exp-1' }, relationship: 1 }],
        trigger: { cron_schedule: { cron: '0 0 9 * * *', end_time: '2030-01-01T00:00:00Z' } },
      }),
    );
    expect(job.enabled).toBe(true);
    expect(job.experimentId).toBe('exp-1');
    expect(job.maxConcurrency).toBe(2);
    expect(job.trigger).toEqual({ cron: { expression: '0 0 9 * * *', endTime: new Date('2030-01-01T00:00:00Z') } });
  });

  it('finds each reference by its type, whatever the order the server lists them in', () => {
    const refs = [
      { key: { type: 'NAMESPACE', id: 'kubeflow' }, relationship: 'OWNER' },
      { key: { type: 'EXPERIMENT', id: 'exp-1' }, relationship: 'OWNER' },
      { key: { type: 'PIPELINE', id: 'p-1' }, relationship: 'CREATOR' },
      { key: { type: 'PIPELINE_VERSION', id: 'v-1' }, relationship: 'CREATOR' },
    ];
    const read = (order: typeof refs) => toJob(wireJob.parse({ id: 'j', name: 'n', resource_references: order }));
    const expected = { experimentId: 'exp-1', namespace: 'kubeflow', pipelineId: 'p-1', pipelineVersionId: 'v-1' };
    expect(read(refs)).toMatchObject(expected);
    expect(read([...refs].reverse())).toMatchObject(expected);
    expect(read([refs[3], refs[0], refs[2], refs[1]])).toMatchObject(expected);
  });

  it('parses a YAML workflow manifest too (2.x servers store either)', () => {
    const job = toJob(wireJob.parse({ id: 'j', name: 'y', pipeline_spec: { workflow_manifest: 'kind: Workflow\nspec:\n  entrypoint: main\n' } }));
    expect(job.workflowManifest).toEqual({ kind: 'Workflow', spec: { entrypoint: 'main' } });
  });

  it('shares one parsed manifest between the jobs of a listing that carry the same text', () => {
    const manifests = sharedManifestReader();
    const listed = (text: string) => toJob(wireJob.parse({ id: 'j', name: 'n', pipeline_spec: { workflow_manifest: text } }), manifests);
    const [a, b, c] = [listed('{"kind":"Workflow"}'), listed('{"kind":"Workflow"}'), listed('kind: Workflow\n')];
    expect(a.workflowManifest).toEqual({ kind: 'Workflow' });
    expect(b.workflowManifest).toBe(a.workflowManifest);
    expect(c.workflowManifest).toEqual(a.workflowManifest);
    expect(c.workflowManifest).not.toBe(a.workflowManifest);
    expect(toJob(wireJob.parse({ id: 'j', name: 'n' }), manifests).workflowManifest).toBeUndefined();
  });
});

describe('list responses', () => {
  it('accept the empty object the server sends for an empty list', () => {
    const page = wireListJobs.parse({});
    expect(page.jobs ?? []).toEqual([]);
    expect(page.next_page_token).toBeUndefined();
  });

  it('reject an int64 that is not an integer, naming the field', () => {
    const result = wireListJobs.safeParse({ jobs: [{ id: 'j', max_concurrency: 'many' }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['jobs', 0, 'max_concurrency']);
  });

  it('reject an unreadable timestamp', () => {
    expect(wireExperiment.safeParse({ id: 'e', created_at: 'yesterday' }).success).toBe(false);
  });
});

describe('toExperiment', () => {
  it('maps storage states and the namespace reference', () => {
    const archived = toExperiment(
      wireExperiment.parse({
        id: 'e1',
        name: 'exp',
        description: 'd',
        created_at: '2024-01-02T03:04:05Z',
        storage_state: 'STORAGESTATE_ARCHIVED',
        resource_references: [{ key: { type: 'NAMESPACE', id: 'team-1' }, relationship: 'OWNER' }],
      }),
    );
    expect(archived).toEqual({ id: 'e1', name: 'exp', description: 'd', namespace: 'team-1', createdAt: new Date('2024-01-02T03:04:05Z'), storageState: 'archived' });
    expect(toExperiment(wireExperiment.parse({ id: 'e2', storage_state: 'STORAGESTATE_AVAILABLE' })).storageState).toBe('available');
    expect(toExperiment(wireExperiment.parse({ id: 'e3', storage_state: 2 })).storageState).toBe('archived');
  });

  it('leaves the namespace out for the single-user reference without an id', () => {
    const experiment = toExperiment(wireExperiment.parse({ id: 'e', name: 'x', resource_references: [{ key: { type: 'NAMESPACE' }, relationship: 'OWNER' }] }));
    expect(experiment).not.toHaveProperty('namespace');
  });
});

describe('toRun / toRunDetail', () => {
  it('treats epoch-0 finish time as unset and an absent run storage state as available', () => {
    const run = toRun(
      wireRunDetail.parse({
        run: { id: 'r', name: 'n', created_at: '2024-01-01T00:00:00Z', finished_at: '1970-01-01T00:00:00Z', status: 'Running' },
      }).run,
    );
    expect(run.finishedAt).toBeUndefined();
    expect(run.createdAt).toEqual(new Date('2024-01-01T00:00:00Z'));
    expect(run.storageState).toBe('available');
    expect(run.status).toBe('Running');
    expect(toRun(wireRunDetail.parse({ run: { id: 'r', storage_state: 'STORAGESTATE_ARCHIVED' } }).run).storageState).toBe('archived');
  });

  it('reads job, experiment and runtime workflow of a run detail', () => {
    const detail = toRunDetail(
      wireRunDetail.parse({
        run: {
          id: 'r',
          name: 'n',
          resource_references: [
            { key: { type: 'EXPERIMENT', id: 'e' }, relationship: 'OWNER' },
            { key: { type: 'JOB', id: 'j' }, relationship: 'CREATOR' },
          ],
        },
        pipeline_runtime: { workflow_manifest: '{"status":{"phase":"Running"}}' },
      }),
    );
    expect(detail).toMatchObject({ experimentId: 'e', jobId: 'j', runtimeWorkflow: { status: { phase: 'Running' } }, parameters: {} });
  });
});

describe('toHealthz / toDate', () => {
  it('defaults multi_user to false', () => {
    expect(toHealthz({ commit_sha: 'abc' })).toEqual({ commitSha: 'abc', multiUser: false });
  });

  it('returns undefined for empty and epoch-0 times', () => {
    expect(toDate(undefined)).toBeUndefined();
    expect(toDate('')).toBeUndefined();
    expect(toDate('1970-01-01T00:00:00Z')).toBeUndefined();
    expect(toDate('2024-05-01T12:00:00Z')?.toISOString()).toBe('2024-05-01T12:00:00.000Z');
  });
});
