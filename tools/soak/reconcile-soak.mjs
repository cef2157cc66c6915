#!/usr/bin/env node
// Reconcile soak: many reconciles of one team (12 recurring runs) against the
// emulator, with the team files changing between runs and faults on every kind
// of call: 5xx, 429 with and without Retry-After, connection resets, timeouts,
// creates the server commits after the client gave up, answers that arrive
// after it gave up, slowness, SIGKILL of a reconcile process at a random
// moment, and two or three reconciles of the namespace started at once.
//
// After every run, and again after a fault-free run that must converge, it
// checks what reconcile promises: at most one enabled version per recurring
// run, no version name twice, the newest version never deleted; after
// convergence also keep_history and a plan with nothing to do. It prints a
// table and writes a JSON report; it exits 1 on any violation or
// non-convergence.
//
// Usage: npm run soak -- [--runs 1000] [--seed 1] [--report tmp/soak-report.json]
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const { reconcileTeam } = require(join(repoRoot, 'packages/kfp/dist/reconcile/reconcile-team.js'));
const { LOCK_EXPERIMENT, parseLockRecord } = require(join(repoRoot, 'packages/kfp/dist/lock/lock-record.js'));
const { startEmulator } = require(join(repoRoot, 'packages/kfp-emulator/dist/index.js'));
const KFP_RECONCILE = join(repoRoot, 'packages/kfp/bin/kfp-reconcile.js');

const { values: opts } = parseArgs({
  options: {
    runs: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    'recurring-runs': { type: 'string', default: '12' },
    report: { type: 'string', default: join(repoRoot, 'tmp', 'soak-report.json') },
    quiet: { type: 'boolean', default: false },
  },
});
const RUNS = Number(opts.runs);
const RECURRING_RUNS = Number(opts['recurring-runs']);
const EXPERIMENTS = ['nightly', 'hourly', 'adhoc'];
// Short enough that a killed holder's lock expires within the soak, long enough for a faulty run.
const LOCK_TTL = 6;
const REQUEST_TIMEOUT = 1;

// ---- seeded randomness (mulberry32): the same seed gives the same soak ---------------------------
let state = Number(opts.seed) >>> 0 || 1;
function random() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (items) => items[Math.floor(random() * items.length)];
const chance = (p) => random() < p;
const between = (low, high) => low + Math.floor(random() * (high - low + 1));

// ---- the workspace and the team ------------------------------------------------------------------
const root = mkdtempSync(join(tmpdir(), 'kfp-soak-'));
writeFileSync(join(root, 'nx.json'), '{}\n');
cpSync(join(repoRoot, 'projects/pipelines/example-pipeline-1'), join(root, 'pipelines/example'), { recursive: true });
const team = join(root, 'teams/soak');
mkdirSync(team, { recursive: true });
writeFileSync(join(team, 'kfp-team.yaml'), 'namespace: soak\n');
writeFileSync(join(team, 'experiments.yaml'), `experiments:\n${EXPERIMENTS.map((name) => `  - name: ${name}\n`).join('')}`);

/** The declared recurring runs; the soak changes them between runs. */
const desired = Array.from({ length: RECURRING_RUNS }, (_, i) => ({ name: `job-${String(i).padStart(2, '0')}`, enabled: true, hour: i % 24, message: 'hello', keep: i % 4, experiment: EXPERIMENTS[i % 3], declared: true }));

function writeTeamFiles() {
  const entries = desired.filter((r) => r.declared).map((r) =>
    [
      '  - pipeline_source: {file_path: pipelines/example/RENDERED_PIPELINE}',
      `    pipeline_parameters: [{name: custom_message, value: "${r.message}"}]`,
      `    keep_history: ${r.keep}`,
      `    job: {enabled: ${r.enabled}, name: ${r.name}, experiment: ${r.experiment}, max_concurrency: 1, trigger: {catchup: false, cron: "0 0 ${r.hour} * * *"}}`,
    ].join('\n'),
  );
  writeFileSync(join(team, 'recurring_runs.yaml'), `recurring_runs:\n${entries.join('\n')}\n`);
}

/** A few changes, like a day of commits: new schedules and parameters, switched off and on, history, a run removed or brought back. */
function changeTeam(atLeast = 0) {
  const changes = between(atLeast, 3);
  for (let i = 0; i < changes; i++) {
    const run = pick(desired);
    switch (pick(['hour', 'message', 'enabled', 'keep', 'declared', 'experiment'])) {
      case 'hour':
        run.hour = between(0, 23);
        break;
      case 'message':
        run.message = pick(['hello', 'hi', 'good morning', 'bonjour']);
        break;
      case 'enabled':
        run.enabled = !run.enabled;
        break;
      case 'keep':
        run.keep = pick([-1, 0, 1, 2, 3]);
        break;
      case 'declared':
        // Never the last one, so the team keeps its recurring_runs.yaml meaningful.
        if (!run.declared || desired.filter((r) => r.declared).length > 2) run.declared = !run.declared;
        break;
      case 'experiment':
        run.experiment = pick(EXPERIMENTS);
        break;
    }
  }
  writeTeamFiles();
}

// ---- faults --------------------------------------------------------------------------------------
const KINDS = ['experiments.list', 'experiments.create', 'experiments.archive', 'experiments.delete', 'jobs.list', 'jobs.create', 'jobs.enable', 'jobs.disable', 'jobs.delete'];
const FAULTS = {
  'HTTP 500': () => ({ status: 500 }),
  'HTTP 502': () => ({ status: 502 }),
  'HTTP 503': () => ({ status: 503 }),
  'HTTP 504': () => ({ status: 504 }),
  '429 with Retry-After': () => ({ status: 429, retryAfterSeconds: 1 }),
  '429 without Retry-After': () => ({ status: 429 }),
  'connection reset': () => ({ reset: true }),
  'timeout, committed after the client gave up': () => ({ latencyMs: between(1200, 2500) }),
  'committed, answer after the client gave up': () => ({ replyDelayMs: between(1200, 2500) }),
  latency: () => ({ latencyMs: between(20, 300) }),
};

function randomFaults(count) {
  return Array.from({ length: count }, () => {
    const name = pick(Object.keys(FAULTS));
    const rule = { kind: pick(KINDS), ...FAULTS[name](), ...(chance(0.5) ? { at: [between(1, 4)] } : { rate: 0.3, times: between(1, 3) }) };
    return { name, rule };
  });
}

// ---- running reconciles --------------------------------------------------------------------------
const emulator = await startEmulator({});
const host = `${emulator.url}/pipeline`;
const baseOptions = { host, requestTimeout: REQUEST_TIMEOUT, lockTtl: LOCK_TTL };

async function reconcileInProcess(options = {}) {
  const printed = [];
  try {
    const outcome = await reconcileTeam({
      folder: team,
      sources: { workspaceRoot: root, projectRoots: new Map(), cacheDir: join(root, '.cache'), env: {} },
      options: { ...baseOptions, ...options },
      env: {},
      print: (text) => printed.push(text),
      holder: `soak (in process ${options.label ?? ''})`,
    });
    return { exitCode: outcome.exitCode, plan: outcome.plan, violations: outcome.violations ?? [], output: printed.join('\n') };
  } catch (error) {
    return { exitCode: 1, error: error.name, output: `${printed.join('\n')}\n${error.message}` };
  }
}

/**
 * A kfp-reconcile process, killed with SIGKILL `killAfterMs` after it starts
 * or, with `whenApplying`, that long after it starts applying (holding the
 * namespace lock, between steps or in the middle of one).
 */
function reconcileProcess(killAfterMs, extraArgs = [], whenApplying = false) {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [KFP_RECONCILE, team, '--host', host, '--request-timeout', String(REQUEST_TIMEOUT), '--lock-ttl', String(LOCK_TTL), ...extraArgs], {
      cwd: root,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let killed = false;
    let timer;
    const armKill = () => {
      timer ??= setTimeout(() => {
        killed = true;
        child.kill('SIGKILL');
      }, killAfterMs);
    };
    child.stdout.on('data', (d) => {
      output += d;
      if (whenApplying && killAfterMs !== undefined && output.includes('Applying...')) armKill();
    });
    child.stderr.on('data', (d) => (output += d));
    if (!whenApplying && killAfterMs !== undefined) armKill();
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolvePromise({ exitCode: code ?? 137, killed, output });
    });
  });
}

// ---- what must hold ------------------------------------------------------------------------------
function versionsByName() {
  const byName = new Map();
  for (const job of emulator.dump().jobs) {
    const m = /^GIT::(.+)__(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z)$/.exec(job.name);
    if (!m) continue;
    byName.set(m[1], [...(byName.get(m[1]) ?? []), { id: job.id, name: job.name, enabled: job.enabled }]);
  }
  for (const list of byName.values()) list.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
  return byName;
}

function checkSafety(before, when) {
  const problems = [];
  const after = versionsByName();
  for (const [name, versions] of after) {
    const enabled = versions.filter((v) => v.enabled);
    if (enabled.length > 1) problems.push(`${when}: ${name} has ${enabled.length} enabled versions`);
    const names = versions.map((v) => v.name);
    const repeated = names.filter((n, i) => names.indexOf(n) !== i);
    if (repeated.length > 0) problems.push(`${when}: ${name} has the version ${repeated[0]} more than once`);
  }
  for (const [name, versions] of before) {
    const newest = versions[0]?.name;
    const now = after.get(name) ?? [];
    if (newest && !now.some((v) => v.name >= newest)) problems.push(`${when}: ${name}'s newest version ${newest} was deleted`);
  }
  return problems;
}

function checkConverged() {
  const problems = [];
  const byName = versionsByName();
  for (const run of desired.filter((r) => r.declared)) {
    const versions = byName.get(run.name) ?? [];
    if (versions.length === 0) {
      problems.push(`${run.name} has no version`);
      continue;
    }
    if (versions[0].enabled !== run.enabled) problems.push(`${run.name}: the newest version is ${versions[0].enabled ? 'enabled' : 'disabled'}, git says ${run.enabled}`);
    if (versions.slice(1).some((v) => v.enabled)) problems.push(`${run.name}: an older version is enabled`);
    if (run.keep >= 0 && versions.length - 1 > run.keep) problems.push(`${run.name}: ${versions.length - 1} older versions, keep_history ${run.keep}`);
  }
  if (emulator.dump().experiments.some((e) => e.name === LOCK_EXPERIMENT)) problems.push('the namespace lock was left behind');
  return problems;
}

/** A killed holder leaves its lock: an operator removes it (force-unlock), or the next reconcile takes it over once it expires. */
async function clearAbandonedLock() {
  const lock = emulator.dump().experiments.find((e) => e.name === LOCK_EXPERIMENT);
  if (!lock) return 'none';
  if (chance(0.7)) {
    const record = parseLockRecord(lock.description);
    const unlocked = await reconcileInProcess({ forceUnlock: record?.id ?? 'unknown', label: 'force-unlock' });
    return unlocked.exitCode === 0 ? 'force-unlocked' : 'force-unlock failed';
  }
  return 'left to expire';
}

// ---- the soak ------------------------------------------------------------------------------------
const tally = { scenarios: {}, faults: {}, exitCodes: {}, lock: {}, reconciles: 0, violations: [], nonConvergences: [] };
const count = (bucket, key, by = 1) => (bucket[key] = (bucket[key] ?? 0) + by);
const started = Date.now();

writeTeamFiles();
const first = await reconcileInProcess();
if (first.exitCode !== 0) throw new Error(`the first reconcile failed:\n${first.output}`);
tally.reconciles++;

for (let i = 1; i <= RUNS; i++) {
  const scenario = pick(['clean', 'faults', 'faults', 'faults', 'kill', 'kill', 'concurrent', 'concurrent']);
  // A kill is only interesting when there is something to change.
  changeTeam(scenario === 'kill' ? 2 : 0);
  const before = versionsByName();
  emulator.clearRequests();
  count(tally.scenarios, scenario);
  const faults = scenario === 'clean' ? [] : randomFaults(scenario === 'faults' ? between(1, 3) : between(0, 2));
  for (const f of faults) count(tally.faults, f.name);
  if (faults.length > 0) emulator.injectFaults(faults.map((f) => f.rule));

  let outcomes;
  if (scenario === 'kill') {
    // Mostly while it applies (it holds the lock then); sometimes at any moment.
    const whenApplying = chance(0.7);
    if (whenApplying) emulator.injectFaults([{ kind: pick(['jobs.create', 'jobs.enable', 'jobs.disable', 'jobs.delete']), latencyMs: between(50, 400) }]);
    outcomes = [await reconcileProcess(whenApplying ? between(0, 600) : between(200, 1800), [], whenApplying)];
    count(tally.faults, 'SIGKILL', outcomes[0].killed ? 1 : 0);
  } else if (scenario === 'concurrent') {
    const waits = chance(0.5) ? 0 : 2 * LOCK_TTL;
    const group = Array.from({ length: between(2, 3) }, (_, k) => (k === 0 && chance(0.3) ? reconcileProcess(undefined, ['--lock-timeout', String(waits)]) : reconcileInProcess({ lockTimeout: waits, label: String(k) })));
    outcomes = await Promise.all(group);
  } else {
    outcomes = [await reconcileInProcess()];
  }
  tally.reconciles += outcomes.length;
  for (const o of outcomes) count(tally.exitCodes, o.killed ? 'killed' : String(o.exitCode));
  emulator.clearFaults();
  // A create or answer delayed past the client's patience lands now, and so does
  // the last request of a killed process (the server finishes what it started):
  // an operator force-unlocks a dead holder's lock only after that, as the
  // lock's message and the README say.
  const slowest = faults.some((f) => f.rule.latencyMs > 1000 || f.rule.replyDelayMs > 1000) ? 2600 : scenario === 'kill' ? 500 : 50;
  await new Promise((r) => setTimeout(r, slowest));

  const unsafe = checkSafety(before, `run ${i} (${scenario})`);
  tally.violations.push(...unsafe);
  count(tally.lock, await clearAbandonedLock());

  // Fault-free, it must converge: applied (waiting out an abandoned lock if need be), then nothing left to do.
  let settle = await reconcileInProcess({ lockTimeout: 2 * LOCK_TTL, label: 'converge' });
  // A lock whose release failed (faults on experiments.delete) stays until it expires; a reconcile with
  // nothing to change leaves a live lock alone, and the first one after its expiry clears it.
  const live = parseLockRecord(emulator.dump().experiments.find((e) => e.name === LOCK_EXPERIMENT)?.description);
  if (live && settle.exitCode === 0) {
    count(tally.lock, 'live after the fault-free reconcile, waited out');
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(live.until) - Date.now()) + 100));
    settle = await reconcileInProcess({ lockTimeout: 2 * LOCK_TTL, label: 'converge after the lock expired' });
    tally.reconciles++;
  }
  const plan = await reconcileInProcess({ dryRun: true, label: 'plan' });
  tally.reconciles += 2;
  tally.violations.push(...checkSafety(before, `run ${i} convergence`), ...settle.violations.map((v) => `run ${i} convergence: ${v}`));
  const notConverged = [
    ...(settle.exitCode === 0 ? [] : [`the fault-free reconcile failed: ${settle.output.split('\n').slice(-3).join(' | ')}`]),
    ...(plan.plan?.hasChanges === false ? [] : ['a plan after convergence still has changes']),
    ...checkConverged(),
  ];
  if (notConverged.length > 0) tally.nonConvergences.push(`run ${i}: ${notConverged.join('; ')}`);
  // Said as it happens, so a long soak shows what went wrong without waiting for its end.
  if (!opts.quiet) for (const line of [...unsafe, ...(notConverged.length > 0 ? [tally.nonConvergences.at(-1)] : [])]) console.error(`  ✖ ${line}`);
  if (!opts.quiet && (i % 50 === 0 || i === RUNS)) {
    console.error(`  ${i}/${RUNS} runs, ${tally.violations.length} violations, ${tally.nonConvergences.length} non-convergences, ${Math.round((Date.now() - started) / 1000)} s`);
  }
}

await emulator.close();
rmSync(root, { recursive: true, force: true });

const seconds = (Date.now() - started) / 1000;
const rows = [
  ['scenario runs (team files changed before each)', RUNS, '≥ 1000 for the full soak'],
  ['reconciles in all (scenario, convergence, plan)', tally.reconciles, ''],
  ...Object.entries(tally.scenarios).map(([k, v]) => [`  scenario: ${k}`, v, '']),
  ...Object.entries(tally.faults).sort().map(([k, v]) => [`  fault: ${k}`, v, '']),
  ...Object.entries(tally.exitCodes).sort().map(([k, v]) => [`  reconcile exit: ${k}`, v, '']),
  ...Object.entries(tally.lock).sort().map(([k, v]) => [`  abandoned lock after the run: ${k}`, v, '']),
  ['invariant violations', tally.violations.length, '0'],
  ['non-convergences', tally.nonConvergences.length, '0'],
  ['wall time', `${seconds.toFixed(0)} s`, ''],
];
const width = Math.max(...rows.map(([k]) => k.length));
console.log(`Reconcile soak: seed ${opts.seed}, ${RECURRING_RUNS} recurring runs, request timeout ${REQUEST_TIMEOUT} s, lock TTL ${LOCK_TTL} s\n`);
console.log(`| ${'what'.padEnd(width)} | measured | goal |\n|${'-'.repeat(width + 2)}|---:|---:|`);
for (const [k, v, goal] of rows) console.log(`| ${k.padEnd(width)} | ${v} | ${goal} |`);
for (const line of [...tally.violations, ...tally.nonConvergences].slice(0, 20)) console.log(`  ✖ ${line}`);

mkdirSync(dirname(opts.report), { recursive: true });
writeFileSync(opts.report, `${JSON.stringify({ seed: Number(opts.seed), runs: RUNS, recurringRuns: RECURRING_RUNS, seconds, ...tally }, null, 2)}\n`);
console.log(`\nreport: ${opts.report}`);
process.exitCode = tally.violations.length + tally.nonConvergences.length > 0 ? 1 : 0;
