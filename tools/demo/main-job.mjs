#!/usr/bin/env node
// The main job, end to end on one machine: render this repository's pipelines,
// run a v1 and a v2 one on a KFP cluster, then plan, apply and re-plan team-1 — against the
// bundled KFP emulator in multi-user mode (bearer token auth), through the real Nx CLI.
import { spawn } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const { startEmulator } = require(join(repoRoot, 'packages/kfp-emulator/dist/index.js'));
const YAML = require('yaml');

const TOKEN = 'demo-token-user1';
const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);

// Asynchronous on purpose: the emulator answers from this process's event loop.
async function step(title, args, { allowExit = [0], bin = 'nx' } = {}) {
  const script = bin === 'nx' ? 'node_modules/nx/dist/bin/nx.js' : 'packages/kfp/bin/kfp-reconcile.js';
  console.log(`\n${bold(`▶ ${title}`)}\n  $ ${bin} ${args.join(' ')}\n`);
  const child = spawn(process.execPath, [join(repoRoot, script), ...args], {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true', KFP_TOKEN: TOKEN, FORCE_COLOR: process.stdout.isTTY ? '1' : '0' },
  });
  const status = await new Promise((resolvePromise) => child.on('close', (code) => resolvePromise(code ?? 1)));
  if (!allowExit.includes(status)) {
    console.error(`\n✖ "${title}" failed (exit code ${status}).`);
    process.exitCode = 1;
    throw new Error('demo step failed');
  }
  return status;
}

const emulator = await startEmulator({
  flavor: '2.1',
  multiUser: { users: [{ name: 'user1@example.com', password: 'user1', tokens: [TOKEN], namespaces: ['team-1'] }] },
  clock: { pendingMs: 500, runningMs: 2500 },
});
const host = `${emulator.url}/pipeline`;
console.log(`${bold('KFP emulator')} (multi-user, flavor 2.1) at ${host}; user1@example.com may use namespace team-1`);

try {
  await step('Render every pipeline (batched; unchanged pipelines write nothing)', ['run-many', '-t', 'render', '--output-style=static']);
  await step('Run example-pipeline-1 once and wait for it', [
    'run', 'example-pipeline-1:run', `--host=${host}`, '--namespace=team-1', '--experiment=ad-hoc', '--create-experiment', '--wait', '--poll-interval=1',
  ]);
  await step('Run forecast-pipeline (a KFP v2 pipeline, through the v2beta1 API) once and wait for it', [
    'run', 'forecast-pipeline:run', `--host=${host}`, '--namespace=team-1', '--experiment=ad-hoc', '--wait', '--poll-interval=1', '--param=epochs=2',
  ]);
  await step('Validate team-1 offline', ['run', 'team-1:validate', '--output-style=static']);
  await step('Plan team-1 (nothing is changed)', ['run', 'team-1:plan', `--host=${host}`, '--output-style=static']);
  await step('Reconcile team-1 (apply the plan)', ['run', 'team-1:reconcile', `--host=${host}`, '--output-style=static']);
  const exit = await step('Plan team-1 again: the cluster matches git', ['run', 'team-1:plan', `--host=${host}`, '--detailed-exitcode', '--output-style=static'], { allowExit: [0, 1] });
  if (exit !== 0) throw new Error('the second plan still has changes');

  const state = emulator.dump();
  const jobs = state.jobs ?? [];
  console.log(`\n${bold('Cluster state')} (from the emulator): ${state.experiments?.length ?? 0} experiments, ${jobs.length} recurring runs, ${state.runs?.length ?? 0} runs`);
  for (const job of jobs) console.log(`  ${job.enabled ? 'enabled ' : 'disabled'}  ${job.name}`);

  // A change in git makes a new version: the same team with example-pipeline-1's message changed,
  // reconciled outside Nx from a scratch copy (tmp/ is no Nx project), so the old version is disabled.
  const changedTeam = join(repoRoot, 'tmp', 'demo', 'team-1');
  rmSync(dirname(changedTeam), { recursive: true, force: true });
  cpSync(join(repoRoot, 'projects/teams/team-1'), changedTeam, { recursive: true });
  const runsFile = join(changedTeam, 'recurring_runs.yaml');
  const runsDoc = YAML.parse(readFileSync(runsFile, 'utf8'));
  runsDoc.recurring_runs[0].pipeline_parameters = [{ name: 'custom_message', value: 'Hello from the second deploy' }];
  writeFileSync(runsFile, YAML.stringify(runsDoc));
  await step("Change example-pipeline-1's message and reconcile again: a new version replaces the old one", [
    relative(repoRoot, changedTeam), `--host=${host}`,
  ], { bin: 'kfp-reconcile' });

  // The scheduled-workflow controller, emulated: a day passes on the emulator's clock in one step.
  const before = new Set(emulator.dump().runs.map((run) => run.id));
  emulator.advance(24 * 3600 * 1000);
  const after = emulator.dump();
  console.log(`\n${bold('▶ A day later on the emulator\'s clock: the schedules fire')}\n`);
  const width = Math.max(...after.jobs.map((job) => job.name.length));
  for (const job of after.jobs) {
    const runs = after.runs.filter((run) => run.jobId === job.id && !before.has(run.id));
    const latest = runs.at(-1);
    const detail = latest ? `  (latest: ${latest.name}, ${latest.status})` : '';
    console.log(`  ${job.enabled ? 'enabled ' : 'disabled'}  ${job.name.padEnd(width)}  ${runs.length} run${runs.length === 1 ? '' : 's'}${detail}`);
  }
  const mutating = emulator.requests().filter((r) => !['GET'].includes(r.method)).length;
  console.log(`\n✔ Demo complete: ${emulator.requests().length} API requests, ${mutating} of them changes.`);
} catch (error) {
  if (!process.exitCode) {
    console.error(error);
    process.exitCode = 1;
  }
} finally {
  rmSync(join(repoRoot, 'tmp', 'demo'), { recursive: true, force: true });
  await emulator.close();
}
