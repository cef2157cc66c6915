import { LockHeldError } from '../../src/lock/namespace-lock';
import { LOCK_EXPERIMENT } from '../../src/lock/lock-record';
import { duplicates, TEAM_USER, teamHarness, type TeamHarness } from './support';

// Two reconciles of one namespace at once (a manual run and CI, two branches)
// must not both change it: the second waits for the lock, or stops and names
// the holder. A plan never takes the lock.
jest.setTimeout(120_000);

let team: TeamHarness;
beforeAll(async () => {
  // A multi-user server: the lock is per namespace.
  team = await teamHarness({ teamUser: true });
});
afterAll(() => team.dispose());
beforeEach(async () => {
  team.emulator.reset();
  team.emulator.clearFaults();
  team.setCronHour(0);
  expect((await team.reconcile()).exitCode).toBe(0);
});

const lockExperiments = () => team.emulator.dump().experiments.filter((e) => e.name === LOCK_EXPERIMENT);

function assertSafe(name: string) {
  const versions = team.versions(name);
  expect(duplicates(versions.map((v) => v.name))).toEqual([]);
  expect(versions.filter((v) => v.enabled).map((v) => v.name)).toEqual([versions[0].name]);
}

test('of two reconciles started at once, one applies and the other stops naming the holder; the namespace stays safe', async () => {
  team.setCronHour(3);
  // Slow enough that the two overlap.
  team.emulator.injectFaults([{ kind: 'jobs.create', latencyMs: 300 }]);
  const results = await Promise.allSettled([team.reconcile(), team.reconcile()]);
  team.emulator.clearFaults();
  const applied = results.filter((r) => r.status === 'fulfilled' && r.value.exitCode === 0 && r.value.applied);
  const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  expect(applied).toHaveLength(1);
  expect(refused).toHaveLength(1);
  expect(refused[0].reason).toBeInstanceOf(LockHeldError);
  expect(String(refused[0].reason.message)).toMatch(/^namespace "team-1" is locked by .+ since .+ \(lock [0-9a-f]{12}, expires .+\).*kfp-reconcile force-unlock <team-folder> [0-9a-f]{12}$/s);
  assertSafe('example-pipeline-1');
  expect(lockExperiments()).toEqual([]);
  expect((await team.reconcile()).plan?.hasChanges).toBe(false);
});

test('with a lock timeout the second waits, then plans again under the lock and finds nothing left to do', async () => {
  team.setCronHour(4);
  team.emulator.injectFaults([{ kind: 'jobs.create', latencyMs: 300 }]);
  const [a, b] = await Promise.all([team.reconcile({ lockTimeout: 60 }), team.reconcile({ lockTimeout: 60 })]);
  team.emulator.clearFaults();
  expect([a.exitCode, b.exitCode]).toEqual([0, 0]);
  expect([a.applied, b.applied].filter(Boolean)).toHaveLength(1);
  expect(`${a.printed}\n${b.printed}`).toContain('Waiting for the lock of namespace "team-1"');
  expect(team.versions('example-pipeline-1').filter((v) => v.name.startsWith('GIT::'))).toHaveLength(2);
  assertSafe('example-pipeline-1');
});

async function plantLock(until: string) {
  const client = team.emulator;
  const response = await fetch(`${client.url}/apis/v1beta1/experiments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TEAM_USER.tokens[0]}` },
    body: JSON.stringify({
      name: LOCK_EXPERIMENT,
      description: `kfp-gitops lock id=0123456789ab since=2026-11-24T11:00:00Z until=${until} holder=ci@runner-7 (pid 4242)`,
      resource_references: [{ key: { type: 'NAMESPACE', id: 'team-1' }, relationship: 'OWNER' }],
    }),
  });
  expect(response.status).toBe(200);
}

test('a lock left by a killed reconcile is taken over once it has expired', async () => {
  await plantLock('2026-11-24T11:30:00Z');
  team.setCronHour(5);
  const outcome = await team.reconcile();
  expect(outcome.exitCode).toBe(0);
  expect(outcome.printed).toContain('The lock 0123456789ab of namespace "team-1", held by ci@runner-7 (pid 4242), expired at 2026-11-24T11:30:00Z; taking it over.');
  expect(lockExperiments()).toEqual([]);
  assertSafe('example-pipeline-1');
});

test('an expired lock is cleared by the next reconcile even when it has nothing else to do; a plan leaves it', async () => {
  team.setCronHour(9);
  expect((await team.reconcile()).exitCode).toBe(0);
  // Killed after its last change, before releasing the lock.
  await plantLock('2026-11-24T11:30:00Z');
  const plan = await team.reconcile({ dryRun: true });
  expect(plan.plan?.hasChanges).toBe(false);
  expect(lockExperiments()).toHaveLength(1);
  const outcome = await team.reconcile();
  expect(outcome.exitCode).toBe(0);
  expect(outcome.plan?.hasChanges).toBe(false);
  expect(outcome.printed).toContain('The lock 0123456789ab of namespace "team-1", held by ci@runner-7 (pid 4242), expired at 2026-11-24T11:30:00Z; taking it over.');
  expect(lockExperiments()).toEqual([]);
});

test('clearing an expired lock gives way to a reconcile that takes the namespace first', async () => {
  team.setCronHour(11);
  expect((await team.reconcile()).exitCode).toBe(0);
  await plantLock('2026-11-24T11:30:00Z');
  // This reconcile's own lock create (after it deleted the expired one) is slow; another holder gets in first.
  team.emulator.injectFaults([{ kind: 'experiments.create', at: [2], latencyMs: 800 }]);
  const running = team.reconcile();
  while (lockExperiments().length > 0) await new Promise((r) => setTimeout(r, 10));
  await plantLock('2099-01-01T00:00:00Z');
  const outcome = await running;
  team.emulator.clearFaults();
  expect(outcome.exitCode).toBe(0);
  expect(outcome.plan?.hasChanges).toBe(false);
  expect(lockExperiments().map((e) => e.description)).toEqual([expect.stringContaining('until=2099-01-01T00:00:00Z')]);
  await team.reconcile({ forceUnlock: '0123456789ab' });
});

test('a lock whose release fails is reported, the applied changes stand, and it is cleared once it expires', async () => {
  team.setCronHour(10);
  // Every delete of an experiment fails: the lock's release among them.
  team.emulator.injectFaults([{ kind: 'experiments.delete', status: 500, rate: 1, times: 50 }]);
  const outcome = await team.reconcile({ lockTtl: 2 });
  team.emulator.clearFaults();
  expect(outcome.exitCode).toBe(0);
  expect(outcome.printed).toMatch(/warning: could not release the lock [0-9a-f]{12} of namespace "team-1" \(.+\); it expires at \S+, or remove it now with: kfp-reconcile force-unlock <team-folder> [0-9a-f]{12}/);
  assertSafe('example-pipeline-1');
  expect(lockExperiments()).toHaveLength(1);
  await new Promise((r) => setTimeout(r, 2100));
  const next = await team.reconcile();
  expect(next.exitCode).toBe(0);
  expect(next.plan?.hasChanges).toBe(false);
  expect(lockExperiments()).toEqual([]);
});

test('a live lock stops a reconcile; a plan shows it without taking it; force-unlock needs its id and removes it', async () => {
  await plantLock('2099-01-01T00:00:00Z');
  team.setCronHour(6);
  await expect(team.reconcile()).rejects.toThrow('namespace "team-1" is locked by ci@runner-7 (pid 4242) since 2026-11-24T11:00:00Z (lock 0123456789ab, expires 2099-01-01T00:00:00Z)');

  team.emulator.clearRequests();
  const plan = await team.reconcile({ dryRun: true });
  expect(plan.printed).toContain('Locked: a reconcile by ci@runner-7 (pid 4242) holds the namespace since 2026-11-24T11:00:00Z');
  expect(plan.printed).not.toMatch(/kfp-gitops\.lock\s+(no change|create)/);
  expect(team.emulator.requests().filter((r) => r.method !== 'GET')).toEqual([]);

  await expect(team.reconcile({ forceUnlock: 'ffffffffffff' })).rejects.toThrow('namespace "team-1" is locked by ci@runner-7 (pid 4242) with lock 0123456789ab, not ffffffffffff');
  expect(lockExperiments()).toHaveLength(1);
  const unlocked = await team.reconcile({ forceUnlock: '0123456789ab' });
  expect(unlocked.printed).toBe('Removed the lock 0123456789ab of namespace "team-1", held by ci@runner-7 (pid 4242) since 2026-11-24T11:00:00Z.');
  expect(lockExperiments()).toEqual([]);
  expect((await team.reconcile()).exitCode).toBe(0);
});
