import { experimentBody, jobBody, runBody, toRfc3339, type CreateJobInput } from './request-bodies';

const workflow = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', spec: { entrypoint: 'main' } };

const baseJob: CreateJobInput = {
  name: 'GIT::nightly__2024-05-01T12-00-00Z',
  experimentId: 'exp-1',
  enabled: false,
  maxConcurrency: 1,
  noCatchup: true,
  trigger: { schedule: { kind: 'cron', expression: '0 0 9 * * *' }, startTime: new Date('2024-05-01T00:00:00.750Z') },
  workflowManifest: workflow,
  parameters: { a: '1' },
};

describe('request bodies', () => {
  it('experiment: proto names, namespace reference only when a namespace is given', () => {
    expect(experimentBody({ name: 'e', description: 'd', namespace: 'team-1' })).toEqual({
      name: 'e',
      description: 'd',
      resource_references: [{ key: { type: 'NAMESPACE', id: 'team-1' }, relationship: 'OWNER' }],
    });
    expect(experimentBody({ name: 'e' })).toEqual({ name: 'e' });
  });

  it('run: workflow as a JSON string, parameters as name/value pairs, EXPERIMENT owner', () => {
    expect(runBody({ name: 'r', experimentId: 'exp-1', namespace: 'team-1', workflowManifest: workflow, parameters: { x: 'y' }, serviceAccount: 'sa' })).toEqual({
      name: 'r',
      pipeline_spec: { workflow_manifest: JSON.stringify(workflow), parameters: [{ name: 'x', value: 'y' }] },
      resource_references: [{ key: { type: 'EXPERIMENT', id: 'exp-1' }, relationship: 'OWNER' }],
      service_account: 'sa',
    });
  });

  it('job: int64 as strings, whole-second UTC times, explicit enabled/no_catchup', () => {
    expect(jobBody(baseJob)).toEqual({
      name: baseJob.name,
      pipeline_spec: { workflow_manifest: JSON.stringify(workflow), parameters: [{ name: 'a', value: '1' }] },
      resource_references: [{ key: { type: 'EXPERIMENT', id: 'exp-1' }, relationship: 'OWNER' }],
      max_concurrency: '1',
      trigger: { cron_schedule: { cron: '0 0 9 * * *', start_time: '2024-05-01T00:00:00Z' } },
      enabled: false,
      no_catchup: true,
    });
  });

  it('job: periodic trigger', () => {
    const body = jobBody({ ...baseJob, description: 'nightly', serviceAccount: 'default-editor', trigger: { schedule: { kind: 'interval', seconds: 3600 }, endTime: '2030-01-01T00:00:00+02:00' } });
    expect(body.trigger).toEqual({ periodic_schedule: { interval_second: '3600', end_time: '2029-12-31T22:00:00Z' } });
    expect(body.description).toBe('nightly');
    expect(body.service_account).toBe('default-editor');
  });

  it('job: rejects numbers the server cannot take', () => {
    expect(() => jobBody({ ...baseJob, maxConcurrency: 1.5 })).toThrow('maxConcurrency must be an integer');
    expect(() => jobBody({ ...baseJob, trigger: { schedule: { kind: 'interval', seconds: Number.NaN } } })).toThrow('interval seconds must be an integer');
  });

  it('toRfc3339 rejects unreadable dates, naming the field', () => {
    expect(() => toRfc3339('next tuesday', 'create job "x": startTime')).toThrow('create job "x": startTime is not a valid date');
  });
});
