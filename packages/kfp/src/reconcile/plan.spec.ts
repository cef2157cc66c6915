import type { Experiment, Job } from '../kfp-client/model';
import { sharedManifestReader, toJob } from '../kfp-client/normalize';
import { wireListJobs, type WireJob } from '../kfp-client/wire';
import recorded from './__fixtures__/list-jobs.kfp-2.1.0.json';
import type { DesiredRecurringRun, DesiredState, JobSpec, ReconcilePlan, Step } from './model';
import { invariantViolations } from './invariants';
import { planReconcile } from './plan';

// "Actual" jobs are the recorded API response of one version (a KFP 2.1.0
// job listing), renamed or changed on the wire, then decoded by the client:
// nothing here restates how the planner or the client map fields.
const RECORDED: WireJob = wireListJobs.parse(recorded).jobs![0];

const NOW = new Date('2026-11-24T10:00:00Z');
/** The rendered workflow the recorded version was created from, compiled at another time. */
const WORKFLOW = withCompileTime(JSON.parse(RECORDED.pipeline_spec!.workflow_manifest!), '2026-11-24T09:59:00.000001');

interface RecordedWorkflow {
  metadata: { annotations: Record<string, string> };
  spec: { templates: Array<{ name: string; container?: { image: string } }> };
}

function withCompileTime(workflow: RecordedWorkflow, time: string): RecordedWorkflow {
  return { ...workflow, metadata: { ...workflow.metadata, annotations: { ...workflow.metadata.annotations, 'pipelines.kubeflow.org/pipeline_compilation_time': time } } };
}

/** The workflow with the echo step's image changed. */
function withEchoImage(image: string): RecordedWorkflow {
  const workflow = structuredClone(WORKFLOW);
  workflow.spec.templates[1].container!.image = image;
  return workflow;
}

/** The desired spec that the recorded version was made from. */
function spec(overrides: Partial<JobSpec> = {}): JobSpec {
  return {
    description: null,
    experiment: 'exp',
    maxConcurrency: 1,
    serviceAccount: 'default-editor',
    noCatchup: true,
    trigger: { schedule: { kind: 'cron', expression: '0 0 0 * * *' }, startTime: null, endTime: null },
    pipeline: v1(),
    ...overrides,
  };
}

/** The v1 pipeline the recorded version runs, with other parameters or another workflow. */
const v1 = (parameters: Record<string, string> = { message: 'hi' }, workflow: unknown = WORKFLOW): JobSpec['pipeline'] => ({ sdk: 'v1', workflow, parameters });

const cron = (expression: string): Partial<JobSpec> => ({ trigger: { schedule: { kind: 'cron', expression }, startTime: null, endTime: null } });

function run(overrides: Partial<DesiredRecurringRun> = {}, specOverrides: Partial<JobSpec> = {}): DesiredRecurringRun {
  return { name: 'nightly', enabled: true, keepHistory: 2, source: 'project example', spec: spec(specOverrides), ...overrides };
}

const experiment = (name = 'exp', id = 'exp-id', archived = false): Experiment => ({ id, name, description: '', storageState: archived ? 'archived' : 'available' });

/** The recorded version under another name, enabled or not, with wire fields changed. */
function job(name: string, enabled: boolean, wire: Partial<WireJob> = {}, id = name): Job {
  return toJob({ ...RECORDED, id, name, enabled, mode: enabled ? 'ENABLED' : 'DISABLED', ...wire });
}

const v = (n: number) => `GIT::nightly__2026-11-0${n}T00-00-00Z`;

function plan(runs: DesiredRecurringRun[], jobs: Job[], extra: Partial<{ experiments: Experiment[]; prune: 'off' | 'disable' | 'delete'; declared: string[] }> = {}): ReconcilePlan {
  const desired: DesiredState = { namespace: 'team-1', experiments: (extra.declared ?? ['exp']).map((name) => ({ name, description: '' })), recurringRuns: runs };
  return planReconcile(desired, { experiments: extra.experiments ?? [experiment()], jobs }, { now: NOW, prune: extra.prune ?? 'off' });
}

const steps = (p: ReconcilePlan) => p.recurringRuns.flatMap((r) => r.steps).map(showStep);
function showStep(step: Step): string {
  switch (step.op) {
    case 'createJob':
      return `create ${step.version}`;
    case 'enableJob':
      return `enable ${step.version}`;
    case 'disableJob':
      return `disable ${step.version}`;
    case 'deleteJob':
      return `delete ${step.version}`;
    default:
      return step.op;
  }
}

const NEW = 'GIT::nightly__2026-11-24T10-00-00Z';

test('first deploy: experiment and recurring run are created, the run created disabled then enabled', () => {
  const p = plan([run()], [], { experiments: [] });
  expect(p.experiments[0]).toMatchObject({ name: 'exp', action: 'create' });
  expect(p.recurringRuns[0]).toMatchObject({ action: 'create', newVersion: NEW });
  expect(steps(p)).toEqual([`create ${NEW}`, `enable ${NEW}`]);
  // A new run is one thing to add, though its first version is created paused and then enabled.
  expect(p.summary).toEqual({ add: 2, change: 0, delete: 0, unchanged: 0 });
});

test('no change when the newest version matches, even if only the compile time differs', () => {
  expect(RECORDED.pipeline_spec!.workflow_manifest).not.toContain('2026-11-24T09:59:00.000001');
  const p = plan([run()], [job(v(2), true), job(v(1), false)]);
  expect(p.recurringRuns[0].action).toBe('none');
  expect(p.hasChanges).toBe(false);
  expect(p.summary).toEqual({ add: 0, change: 0, delete: 0, unchanged: 2 });
});

test.each<[string, Partial<JobSpec>, string]>([
  ['description', { description: 'now described' }, 'description'],
  ['experiment', { experiment: 'other' }, 'experiment'],
  ['max_concurrency', { maxConcurrency: 3 }, 'max_concurrency'],
  ['service account', { serviceAccount: 'pipeline-runner' }, 'service_account'],
  ['parameter value', { pipeline: v1({ message: 'bye' }) }, 'parameters'],
  ['parameter added', { pipeline: v1({ message: 'hi', extra: '' }) }, 'parameters'],
  ['catchup', { noCatchup: false }, 'catchup'],
  ['start date', { trigger: { schedule: { kind: 'cron', expression: '0 0 0 * * *' }, startTime: '2026-01-01T00:00:00Z', endTime: null } }, 'start_date'],
  ['end date', { trigger: { schedule: { kind: 'cron', expression: '0 0 0 * * *' }, startTime: null, endTime: '2027-01-01T00:00:00Z' } }, 'end_date'],
  ['cron', cron('0 30 6 * * MON-FRI'), 'cron'],
  ['cron to interval', { trigger: { schedule: { kind: 'interval', seconds: 3600 }, startTime: null, endTime: null } }, 'interval_seconds'],
  ['workflow', { pipeline: v1(undefined, withEchoImage('python:3.11')) }, 'workflow'],
])('a changed %s makes a new version: create, disable the old, enable the new', (_label, change, field) => {
  const p = plan([run({}, change)], [job(v(1), true)], { declared: ['exp', 'other'], experiments: [experiment(), experiment('other', 'other-id')] });
  const r = p.recurringRuns[0];
  expect(r.action).toBe('update');
  expect(r.differences.map((d) => d.field)).toContain(field);
  expect(steps(p)).toEqual([`create ${NEW}`, `disable ${v(1)}`, `enable ${NEW}`]);
  expect(p.summary).toMatchObject({ add: 0, change: 1, delete: 0 });
});

test('a workflow difference names the changed paths', () => {
  const [diff] = plan([run({}, { pipeline: v1(undefined, withEchoImage('python:3.11')) })], [job(v(1), true)]).recurringRuns[0].differences;
  expect(diff).toEqual({ field: 'workflow', paths: ['changed spec.templates[1].container.image'], count: 1 });
});

test('versions sharing one listed workflow and runs sharing one pipeline are still each compared on their own', () => {
  const manifests = sharedManifestReader();
  const listed = (name: string) => toJob({ ...RECORDED, id: name, name: `GIT::${name}__2026-11-01T00-00-00Z`, enabled: true, mode: 'ENABLED' }, manifests);
  const jobs = ['a', 'b', 'c', 'd'].map(listed);
  expect(jobs[1].workflowManifest).toBe(jobs[0].workflowManifest);
  const changed = v1(undefined, withEchoImage('python:3.11'));
  const result = plan([run({ name: 'a' }), run({ name: 'b' }, { pipeline: changed }), run({ name: 'c' }), run({ name: 'd' }, { pipeline: changed })], jobs);
  expect(result.recurringRuns.map((r) => [r.name, r.action])).toEqual([
    ['a', 'none'],
    ['b', 'update'],
    ['c', 'none'],
    ['d', 'update'],
  ]);
  expect(result.recurringRuns[3].differences).toEqual([{ field: 'workflow', paths: ['changed spec.templates[1].container.image'], count: 1 }]);
});

test('the plan counts the API requests applying it makes: steps, the lock, and the listings before and after', () => {
  expect(plan([run()], [job(v(1), true)]).applyRequests).toBe(0);
  // createJob + enableJob; lock create, archive, release; experiments and jobs under the lock; jobs afterwards.
  expect(plan([run()], []).applyRequests).toBe(2 + 3 + 1 + 1 + 1);
  // 200 jobs are one page of a listing, 201 two.
  const others = Array.from({ length: 200 }, (_, i) => job(`MANUAL::other-${i}`, false, {}, `other-${i}`));
  expect(plan([run()], others).applyRequests).toBe(2 + 3 + 1 + 1 + 2);
});

test('differences carry the values themselves, not JSON-encoded text', () => {
  const r = plan([run({}, { maxConcurrency: 3, pipeline: v1({ message: 'bye' }) })], [job(v(1), true)]).recurringRuns[0];
  expect(r.differences).toEqual([
    { field: 'max_concurrency', actual: 1, desired: 3 },
    { field: 'parameters', actual: { message: 'hi' }, desired: { message: 'bye' } },
  ]);
});

test('adopts jobs created by the reference scripts (same naming) instead of duplicating them', () => {
  const reference = job('GIT::nightly__2023-12-18T09-15-00Z', true, {}, 'ref-id');
  const p = plan([run()], [reference]);
  expect(p.recurringRuns[0]).toMatchObject({ action: 'none', current: { id: 'ref-id', name: 'GIT::nightly__2023-12-18T09-15-00Z', enabled: true } });
});

test('drift: an older version enabled by hand is disabled', () => {
  const p = plan([run()], [job(v(3), true), job(v(2), true), job(v(1), false)]);
  expect(p.recurringRuns[0].action).toBe('cleanup');
  expect(p.recurringRuns[0].drift).toEqual([`older version ${v(2)} is enabled (only the newest should be): disable it`]);
  expect(steps(p)).toEqual([`disable ${v(2)}`]);
});

test('drift: the newest version disabled by hand is enabled again', () => {
  const p = plan([run()], [job(v(2), false), job(v(1), false)]);
  expect(p.recurringRuns[0].action).toBe('enable');
  expect(p.recurringRuns[0].drift).toEqual([`newest version ${v(2)} is disabled but enabled: true: enable it`]);
  expect(steps(p)).toEqual([`enable ${v(2)}`]);
});

test('drift: the newest version deleted by hand leaves the older one as the newest to compare', () => {
  const p = plan([run()], [job(v(1), false, { trigger: { cron_schedule: { cron: '0 0 1 * * *' } } })]);
  expect(p.recurringRuns[0]).toMatchObject({ action: 'update', current: { name: v(1) } });
  expect(steps(p)).toEqual([`create ${NEW}`, `enable ${NEW}`]);
});

test('enabled: false disables the newest version and creates nothing when it is up to date', () => {
  const p = plan([run({ enabled: false })], [job(v(1), true)]);
  expect(p.recurringRuns[0].action).toBe('disable');
  expect(steps(p)).toEqual([`disable ${v(1)}`]);
  expect(plan([run({ enabled: false }, cron('0 0 5 * * *'))], [job(v(1), true)]).recurringRuns[0].steps.map(showStep)).toEqual([`create ${NEW}`, `disable ${v(1)}`]);
});

test.each<[number, string[]]>([
  [0, [`create ${NEW}`, `disable ${v(3)}`, `enable ${NEW}`, `delete ${v(3)}`, `delete ${v(2)}`, `delete ${v(1)}`]],
  [1, [`create ${NEW}`, `disable ${v(3)}`, `enable ${NEW}`, `delete ${v(2)}`, `delete ${v(1)}`]],
  [2, [`create ${NEW}`, `disable ${v(3)}`, `enable ${NEW}`, `delete ${v(1)}`]],
  [-1, [`create ${NEW}`, `disable ${v(3)}`, `enable ${NEW}`]],
])('keep_history %i keeps that many older versions, never deletes the newest', (keepHistory, expected) => {
  const p = plan([run({ keepHistory }, cron('0 0 3 * * *'))], [job(v(3), true), job(v(2), false), job(v(1), false)]);
  expect(steps(p)).toEqual(expected);
});

test('keep_history lowered trims history without a new version', () => {
  const p = plan([run({ keepHistory: 0 })], [job(v(2), true), job(v(1), false)]);
  expect(p.recurringRuns[0].action).toBe('cleanup');
  expect(steps(p)).toEqual([`delete ${v(1)}`]);
});

test('keep_history 0 with an up-to-date newest keeps it (the reference deleted everything)', () => {
  expect(steps(plan([run({ keepHistory: 0 })], [job(v(1), true)]))).toEqual([]);
});

test('removed entries are reported, disabled with prune, deleted with prune delete; other jobs are never touched', () => {
  const jobs = [job(v(1), true), job('GIT::retired__2026-01-01T00-00-00Z', true, {}, 'r2'), job('GIT::retired__2025-01-01T00-00-00Z', false, {}, 'r1'), job('MANUAL::nightly__2026-01-01T00-00-00Z', true, {}, 'm')];
  const report = plan([run()], jobs);
  expect(report.unmanaged).toEqual([{ name: 'retired', action: 'report', steps: [], versions: [{ id: 'r2', name: 'GIT::retired__2026-01-01T00-00-00Z', enabled: true }, { id: 'r1', name: 'GIT::retired__2025-01-01T00-00-00Z', enabled: false }] }]);
  expect(report.otherJobs).toBe(1);
  expect(report.hasChanges).toBe(false);
  expect(plan([run()], jobs, { prune: 'disable' }).unmanaged[0].steps.map(showStep)).toEqual(['disable GIT::retired__2026-01-01T00-00-00Z']);
  expect(plan([run()], jobs, { prune: 'delete' }).unmanaged[0].steps.map(showStep)).toEqual(['delete GIT::retired__2026-01-01T00-00-00Z', 'delete GIT::retired__2025-01-01T00-00-00Z']);
});

test('two changes within one second get distinct version names', () => {
  const p = plan([run({ keepHistory: -1 }, cron('0 0 4 * * *'))], [job(NEW, true)]);
  expect(p.recurringRuns[0].newVersion).toBe('GIT::nightly__2026-11-24T10-00-01Z');
});

test('an archived experiment is unarchived; a description difference is a warning only', () => {
  const p = plan([], [], { experiments: [{ ...experiment('exp', 'e', true), description: 'old' }] });
  expect(p.experiments[0]).toMatchObject({ action: 'unarchive', steps: [{ op: 'unarchiveExperiment', id: 'e' }] });
  expect(p.experiments[0].warnings[0]).toMatch(/^description differs \("old" in the cluster, "" in git\)/);
});

test('a job made from a stored pipeline (no inline workflow) is replaced by an inline version', () => {
  const fromPipeline = job(v(1), true, { pipeline_spec: { pipeline_id: 'p-1', parameters: RECORDED.pipeline_spec!.parameters } });
  const [diff] = plan([run()], [fromPipeline]).recurringRuns[0].differences;
  expect(diff).toEqual({ field: 'workflow', paths: ['(no inline workflow: the job was made from a stored pipeline)'], count: 1 });
});

test('a version that exists twice (a repeated create) is drift: the enabled copy is kept, the other deleted first', () => {
  const p = plan([run()], [job(v(2), false, { created_at: '2026-11-02T00:00:01Z' }, 'twin-a'), job(v(2), true, { created_at: '2026-11-02T00:00:05Z' }, 'twin-b'), job(v(1), false)]);
  const r = p.recurringRuns[0];
  expect(r.drift).toEqual([`version ${v(2)} exists more than once: keep twin-b (enabled), delete twin-a`]);
  expect(r.steps).toEqual([{ op: 'deleteJob', version: v(2), id: 'twin-a', reason: 'duplicate of twin-b' }]);
  expect(r).toMatchObject({ action: 'cleanup', current: { id: 'twin-b', enabled: true } });
});

test('of copies that are all disabled the oldest is kept, and the plan goes on from it', () => {
  const twins = [job(v(2), false, { created_at: '2026-11-02T00:00:09Z' }, 'late'), job(v(2), false, { created_at: '2026-11-02T00:00:01Z' }, 'early')];
  const r = plan([run()], twins).recurringRuns[0];
  expect(r.steps.map(showStep)).toEqual([`delete ${v(2)}`, `enable ${v(2)}`]);
  expect(r.steps[0]).toMatchObject({ id: 'late' });
  expect(r.steps[1]).toMatchObject({ id: 'early' });
});

describe('invariants after apply', () => {
  const applied = plan([run()], [job(v(1), true)]);
  test('hold for one enabled version per name', () => {
    expect(invariantViolations(applied, [job(v(1), true), job(v(0), false)])).toEqual([]);
  });
  test('name a repeated version, two enabled versions and a missing newest', () => {
    expect(invariantViolations(applied, [job(v(2), true, {}, 'a'), job(v(2), true, {}, 'b')])).toEqual([
      `nightly: version ${v(2)} exists 2 times`,
      `nightly: 2 versions are enabled (${v(2)}, ${v(2)}); at most one may be`,
      `nightly: the newest version ${v(1)} is missing`,
    ]);
  });
});

test('a created, updated or re-enabled run shows when it fires next; a disabled or unchanged one does not', () => {
  const created = plan([run()], [], { experiments: [] }).recurringRuns[0];
  expect(created.nextRuns).toEqual(['2026-11-25T00:00:00Z', '2026-11-26T00:00:00Z', '2026-11-27T00:00:00Z']);
  const updated = plan([run({}, cron('30 6 * * *'))], [job(v(1), true)]).recurringRuns[0];
  expect(updated.nextRuns).toEqual(['2026-11-24T10:06:30Z', '2026-11-24T11:06:30Z', '2026-11-24T12:06:30Z']);
  expect(plan([run({ enabled: false })], [], { experiments: [] }).recurringRuns[0].nextRuns).toBeUndefined();
  expect(plan([run()], [job(v(1), true)]).recurringRuns[0].nextRuns).toBeUndefined();
});
