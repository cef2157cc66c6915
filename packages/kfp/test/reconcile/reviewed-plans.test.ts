import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/fixture-workspace';
import { TEAM, teamHarness, type TeamHarness } from '../trust/support';

// A plan reviewed before it is applied, as terraform does it: plan --out saves
// it, reconcile --plan applies exactly it, or nothing when git or the
// namespace changed since; a person at a terminal confirms before applying.
jest.setTimeout(120_000);

let team: TeamHarness;
beforeAll(async () => {
  team = await teamHarness();
});
afterAll(() => team.dispose());
beforeEach(async () => {
  team.emulator.reset();
  team.setCronHour(0);
  expect((await team.reconcile()).exitCode).toBe(0);
  team.setCronHour(7);
});

const planFile = () => join(team.root, 'reviewed-plan.json');

test('plan --out saves the plan; reconcile --plan applies exactly it, with the version names it showed', async () => {
  const planned = await team.reconcile({ dryRun: true, out: planFile() });
  expect(planned.printed).toContain(`Saved the plan to ${planFile()}`);
  const saved = JSON.parse(readFileSync(planFile(), 'utf8'));
  expect(saved).toMatchObject({ kind: 'kfp-gitops-plan', version: 1, team: TEAM, namespace: 'team-1' });
  expect(saved.gitFingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
  const shownVersion = saved.plan.recurringRuns.find((r: { name: string }) => r.name === 'example-pipeline-1').newVersion;
  expect(shownVersion).toMatch(/^GIT::example-pipeline-1__/);

  const applied = await team.reconcile({ plan: planFile() });
  expect(applied.exitCode).toBe(0);
  expect(team.versions('example-pipeline-1')[0]).toMatchObject({ name: shownVersion, enabled: true });
  expect((await team.reconcile({ dryRun: true })).plan?.hasChanges).toBe(false);
});

test('a saved plan is refused, changing nothing, when the team files changed since', async () => {
  await team.reconcile({ dryRun: true, out: planFile() });
  team.setCronHour(8);
  team.emulator.clearRequests();
  await expect(team.reconcile({ plan: planFile() })).rejects.toThrow(/^The team files, or a pipeline or parameter they name, changed since the plan was made \(.+\); nothing was changed\. Make a new plan/);
  expect(team.emulator.requests().filter((r) => r.method !== 'GET')).toEqual([]);
});

test('a saved plan is refused, changing nothing, when the namespace changed since', async () => {
  await team.reconcile({ dryRun: true, out: planFile() });
  const [current] = team.versions('training-prod');
  await fetch(`${team.emulator.url}/apis/v1beta1/jobs/${current.id}/disable`, { method: 'POST' });
  team.emulator.clearRequests();
  await expect(team.reconcile({ plan: planFile() })).rejects.toThrow(`The namespace changed since the plan in ${planFile()}`);
  const mutations = team.emulator.requests().filter((r) => r.method !== 'GET').map((r) => r.kind);
  // Only the namespace lock was taken and given back.
  expect(mutations).toEqual(['experiments.create', 'experiments.archive', 'experiments.delete']);
  expect(team.versions('example-pipeline-1')).toHaveLength(1);
});

test('a file that is not a saved plan is refused with a clear message', async () => {
  writeFileSync(planFile(), '{"kind":"something-else"}');
  await expect(team.reconcile({ plan: planFile() })).rejects.toThrow(`${planFile()} is not a plan file of this version of kfp-gitops`);
});

/** kfp-reconcile in a pseudo-terminal (util-linux `script`), answering the prompt with `answer`. */
function reconcileAtTerminal(answer: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const command = [process.execPath, join(REPO_ROOT, 'packages/kfp/bin/kfp-reconcile.js'), join(team.root, TEAM), '--host', `${team.emulator.url}/pipeline`].map((a) => `'${a}'`).join(' ');
  return new Promise((resolve) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: team.root, env: { ...process.env, CI: '', ...env } });
    let output = '';
    let answered = false;
    // The terminal may be gone by the time a late write lands; what it printed is what counts.
    child.stdin.on('error', () => undefined);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      // Answer once: later chunks (the plan applied, the child exiting) must not write again.
      if (!answered && output.includes('Only "yes" applies them')) {
        answered = true;
        child.stdin.write(`${answer}\n`);
      }
    });
    child.on('exit', () => resolve(output));
  });
}

test('at an interactive terminal reconcile asks first: anything but "yes" changes nothing', async () => {
  const declined = await reconcileAtTerminal('no');
  expect(declined).toContain('Apply these changes to namespace "team-1"');
  expect(declined).toContain('Cancelled; nothing was changed.');
  expect(team.versions('example-pipeline-1')).toHaveLength(1);

  const accepted = await reconcileAtTerminal('yes');
  expect(accepted).toContain('✔ Applied: 0 added, 1 changed, 0 deleted.');
  expect(team.versions('example-pipeline-1')).toHaveLength(2);
});

test('with CI=true it never asks, even at a terminal', async () => {
  const output = await reconcileAtTerminal('no', { CI: 'true' });
  expect(output).not.toContain('Only "yes" applies them');
  expect(output).toContain('✔ Applied');
});
