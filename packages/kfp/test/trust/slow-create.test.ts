import { duplicates, teamHarness, type TeamHarness } from './support';

// A create the server carries out after the client gave up (its request timed
// out) must be found before anything else happens to that recurring run, never
// made a second time.
jest.setTimeout(120_000);

let team: TeamHarness;
beforeAll(async () => {
  team = await teamHarness();
});
afterAll(() => team.dispose());

test('a job create that lands after the client timed out is found, not duplicated', async () => {
  team.setCronHour(0);
  expect((await team.reconcile()).exitCode).toBe(0);
  team.setCronHour(5);
  // The server commits the first create 1.5 s after it arrived; the client gives up after 1 s.
  team.emulator.injectFaults([{ kind: 'jobs.create', at: [1], latencyMs: 1500 }]);
  const slow = await team.reconcile({ requestTimeout: 1 });
  team.emulator.clearFaults();
  expect(slow.exitCode).toBe(0);
  // Let the delayed create land, whenever the client stopped waiting for it.
  await new Promise((resolve) => setTimeout(resolve, 1500));

  const versions = team.versions('example-pipeline-1');
  expect(duplicates(versions.map((v) => v.name))).toEqual([]);
  expect(versions.filter((v) => v.enabled)).toHaveLength(1);
  expect(versions[0].enabled).toBe(true);
  expect((await team.reconcile()).plan?.hasChanges).toBe(false);
});
