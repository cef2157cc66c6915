import { startEmulator, type ClockOptions, type RunningEmulator } from 'kfp-emulator';
import { CheckedApi, type Json } from './support/checked-api';
import { experimentRef, q, WORKFLOW_JSON } from './support/fixtures';

/**
 * The scheduled-workflow controller and the persistence agent, emulated on the manual clock: enabled
 * recurring runs create runs at their times, as backend/src/crd/controller/scheduledworkflow does.
 */
const API = '/apis/v1beta1';
const HOUR = 3600_000;
const DAY = 24 * HOUR;
// A Monday, 30 s after midnight UTC.
const START = '2024-05-06T00:00:30Z';
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');

describe('schedules that fire', () => {
  let emulator: RunningEmulator;
  let api: CheckedApi;
  let experimentId: string;

  const start = async (clock: ClockOptions = {}) => {
    await emulator?.close();
    emulator = await startEmulator({ clock: { manual: true, startAt: START, ...clock } });
    api = new CheckedApi(emulator.url, '2.1');
    experimentId = (await api.post(`${API}/experiments`, { name: 'schedules' })).body.id;
  };
  afterEach(() => {
    expect(api.problems).toEqual([]);
  });
  afterAll(() => emulator?.close());

  const createJob = async (name: string, trigger: unknown, extra: Record<string, unknown> = {}) => {
    const res = await api.post(`${API}/jobs`, {
      name,
      max_concurrency: 1,
      enabled: true,
      trigger,
      pipeline_spec: { workflow_manifest: WORKFLOW_JSON, parameters: [{ name: 'custom_message', value: '[[Index]] at [[ScheduledTime]]' }] },
      resource_references: [experimentRef(experimentId)],
      ...extra,
    });
    expect(res.status).toBe(200);
    return res.body as Json;
  };
  const runsOf = async (jobId: string): Promise<Json[]> => {
    const runs: Json[] = [];
    let token = '';
    do {
      const page = await api.get(`${API}/runs${q({ page_size: 200, sort_by: 'scheduled_at', page_token: token })}`);
      runs.push(...(page.body.runs ?? []).filter((r: Json) => r.resource_references.some((ref: Json) => ref.key.type === 'JOB' && ref.key.id === jobId)));
      token = page.body.next_page_token ?? '';
    } while (token);
    return runs;
  };

  it('a cron job creates a run at each activation: a day of an hourly schedule in one advance', async () => {
    await start();
    const job = await createJob('GIT::hourly__2024-05-06T00-00-00Z', { cron_schedule: { cron: '0 0 * * * *' } });
    emulator.advance(DAY);
    const runs = await runsOf(job.id);
    expect(runs).toHaveLength(24);
    expect(runs.map((r) => r.scheduled_at)).toEqual(Array.from({ length: 24 }, (_, i) => iso(Date.parse('2024-05-06T01:00:00Z') + i * HOUR)));
    // The controller ran all day: each run was created when it was due, and has finished.
    expect(runs.every((r) => r.created_at === r.scheduled_at && r.status === 'Succeeded')).toBe(true);
  });

  it("names and fills a scheduled run as the controller and the persistence agent do", async () => {
    await start();
    const job = await createJob('GIT::Nightly_Report__2024-05-06T00-00-00Z', { cron_schedule: { cron: '0 0 2 * * *' } });
    emulator.advance(3 * HOUR);
    const [run] = await runsOf(job.id);
    // The ScheduledWorkflow: [a-z0-9-] of the lower-cased name, cut to 25, plus 5 random; then "-<index>-<fnv32a>".
    expect(run.name).toMatch(/^gitnightlyreport2024-05-0[bcdfghjklmnpqrstvwxz2456789]{5}-1-\d+$/);
    expect(run.resource_references).toEqual([
      { key: { type: 'EXPERIMENT', id: experimentId }, relationship: 'OWNER' },
      { key: { type: 'NAMESPACE', id: 'kubeflow' }, relationship: 'OWNER' },
      { key: { type: 'JOB', id: job.id }, relationship: 'CREATOR' },
    ]);
    expect(run.service_account).toBeUndefined();
    expect(run.pipeline_spec.parameters).toEqual([{ name: 'custom_message', value: '[[Index]] at [[ScheduledTime]]' }]);
    expect(JSON.parse(run.pipeline_spec.workflow_manifest).metadata).toEqual({ generateName: run.name });
    const submitted = JSON.parse((await api.get(`${API}/runs/${run.id}`)).body.pipeline_runtime.workflow_manifest);
    const swf = run.name.replace(/-1-\d+$/, '');
    expect(submitted.metadata).toMatchObject({
      name: run.name,
      namespace: 'kubeflow',
      labels: {
        'pipelines.kubeflow.org/kfp_sdk_version': '1.8.22',
        'pipeline/runid': run.id,
        'scheduledworkflows.kubeflow.org/scheduledWorkflowName': swf,
        'scheduledworkflows.kubeflow.org/workflowEpoch': String(Date.parse('2024-05-06T02:00:00Z') / 1000),
        'scheduledworkflows.kubeflow.org/workflowIndex': '1',
        'scheduledworkflows.kubeflow.org/isOwnedByScheduledWorkflow': 'true',
      },
      ownerReferences: [{ kind: 'ScheduledWorkflow', name: swf, uid: job.id, controller: true }],
    });
    expect(submitted.spec.arguments.parameters).toEqual([{ name: 'custom_message', value: '1 at 20240506020000' }]);
  });

  it('reads a 5-field cron the way robfig/cron v1 does: seconds first, so "0 0 * * *" is hourly', async () => {
    await start();
    const job = await createJob('five-fields', { cron_schedule: { cron: '0 0 * * *' } });
    emulator.advance(DAY);
    expect(await runsOf(job.id)).toHaveLength(24);
  });

  it('respects start and end times: a periodic schedule first fires an interval after its start (PeriodicSchedule)', async () => {
    await start();
    const periodic = await createJob('periodic', {
      periodic_schedule: { interval_second: 3600, start_time: '2024-05-06T01:00:00Z', end_time: '2024-05-06T05:30:00Z' },
    });
    const cron = await createJob('cron-window', { cron_schedule: { cron: '0 0 * * * *', start_time: '2024-05-06T02:30:00Z', end_time: '2024-05-06T05:00:00Z' } });
    emulator.advance(DAY);
    expect((await runsOf(periodic.id)).map((r) => r.scheduled_at)).toEqual(['2024-05-06T02:00:00Z', '2024-05-06T03:00:00Z', '2024-05-06T04:00:00Z', '2024-05-06T05:00:00Z']);
    // The end time is inclusive for a cron schedule.
    expect((await runsOf(cron.id)).map((r) => r.scheduled_at)).toEqual(['2024-05-06T03:00:00Z', '2024-05-06T04:00:00Z', '2024-05-06T05:00:00Z']);
  });

  it('catches up on every missed time when enabled late, one after another; with no_catchup only the latest', async () => {
    await start();
    const catchup = await createJob('catchup', { cron_schedule: { cron: '0 0 * * * *' } }, { enabled: false });
    const latest = await createJob('latest-only', { cron_schedule: { cron: '0 0 * * * *' } }, { enabled: false, no_catchup: true });
    emulator.advance(10 * HOUR);
    expect(await runsOf(catchup.id)).toEqual([]);
    for (const job of [catchup, latest]) await api.post(`${API}/jobs/${job.id}/enable`);
    emulator.advance(60_000);
    const caughtUp = await runsOf(catchup.id);
    expect(caughtUp.map((r) => r.scheduled_at)).toEqual(Array.from({ length: 10 }, (_, i) => iso(Date.parse('2024-05-06T01:00:00Z') + i * HOUR)));
    // max_concurrency 1: each waits for the one before (2 s each), all created after the enable.
    expect(caughtUp.map((r) => Date.parse(r.created_at) - Date.parse('2024-05-06T10:00:30Z'))).toEqual(Array.from({ length: 10 }, (_, i) => i * 2000));
    expect((await runsOf(latest.id)).map((r) => r.scheduled_at)).toEqual(['2024-05-06T10:00:00Z']);
  });

  it('never runs more than max_concurrency workflows of a job at once', async () => {
    await start({ pendingMs: 0, runningMs: 10 * 60_000 });
    // Due every minute from 00:01:30; each run takes ten minutes.
    const job = await createJob('busy', { periodic_schedule: { interval_second: 60 } }, { max_concurrency: 2 });
    emulator.advance(5 * 60_000);
    expect((await runsOf(job.id)).map((r) => [r.status, r.scheduled_at])).toEqual([
      ['Running', '2024-05-06T00:01:30Z'],
      ['Running', '2024-05-06T00:02:30Z'],
    ]);
    emulator.advance(7 * 60_000);
    // Each finish frees a slot for the next due time, caught up at once.
    expect((await runsOf(job.id)).map((r) => [r.status, r.scheduled_at, r.created_at])).toEqual([
      ['Succeeded', '2024-05-06T00:01:30Z', '2024-05-06T00:01:30Z'],
      ['Succeeded', '2024-05-06T00:02:30Z', '2024-05-06T00:02:30Z'],
      ['Running', '2024-05-06T00:03:30Z', '2024-05-06T00:11:30Z'],
      ['Running', '2024-05-06T00:04:30Z', '2024-05-06T00:12:30Z'],
    ]);
  });

  it('a disabled or deleted job creates nothing; a job without trigger runs once', async () => {
    await start();
    const disabled = await createJob('disabled', { cron_schedule: { cron: '0 * * * * *' } }, { enabled: false });
    const deleted = await createJob('deleted', { cron_schedule: { cron: '0 * * * * *' } });
    await api.delete(`${API}/jobs/${deleted.id}`);
    const once = await createJob('once', {});
    emulator.advance(HOUR);
    expect(await runsOf(disabled.id)).toEqual([]);
    expect(await runsOf(deleted.id)).toEqual([]);
    expect((await runsOf(once.id)).map((r) => r.scheduled_at)).toEqual([START]);
    expect((await api.get(`${API}/jobs/${once.id}`)).body.status).toBe('ENABLED');
  });

  it('the persistence agent reports the status, and updated_at, after each change of the schedule', async () => {
    await start({ reportMs: 5000 });
    const job = await createJob('reported', { periodic_schedule: { interval_second: 60 } });
    const get = async () => (await api.get(`${API}/jobs/${job.id}`)).body;
    emulator.advance(4999);
    expect((await get()).status).toBe('STATUS_UNSPECIFIED');
    emulator.advance(1);
    expect(await get()).toMatchObject({ status: 'ENABLED', updated_at: '2024-05-06T00:00:35Z' });
    // The first run (at +60 s) changes the ScheduledWorkflow's status: reported 5 s later.
    emulator.advance(60_000);
    expect((await get()).updated_at).toBe('2024-05-06T00:01:35Z');
  });

  it('applies run-outcome rules to scheduled runs by their names', async () => {
    await start();
    emulator.setRunOutcome({ runNamePattern: '^doomed', outcome: 'Failed' });
    const job = await createJob('doomed', { periodic_schedule: { interval_second: 600 } });
    emulator.advance(HOUR - 1000);
    expect((await runsOf(job.id)).map((r) => r.status)).toEqual(['Failed', 'Failed', 'Failed', 'Failed', 'Failed']);
  });

  it('follows a year of a daily schedule in one advance, event by event', async () => {
    await start();
    const job = await createJob('daily', { cron_schedule: { cron: '@daily' } });
    emulator.advance(366 * DAY);
    expect(await runsOf(job.id)).toHaveLength(366);
    expect(emulator.dump().jobs[0]).toMatchObject({ lastIndex: 366, lastTriggeredSec: Date.parse('2025-05-07T00:00:00Z') / 1000 });
  });
});
