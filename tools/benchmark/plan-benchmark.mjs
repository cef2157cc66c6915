#!/usr/bin/env node
// Plan benchmark (issue 12): one generated team of many recurring runs against
// the KFP emulator, measured side by side in one run:
//
//   no-op plan      kfp-reconcile --dry-run of the team, in sync with the namespace, at 0 ms and at
//                   --latency ms per request: wall time, requests (emulator's log), peak RSS of the process
//   HTTP alone      the same requests replayed one after another with fetch: the floor for the plan
//   validate        the team validated offline in a fresh process; and a team of one run per pipeline,
//                   so the cost per run beyond reading each distinct pipeline once shows
//   apply           --changed recurring runs changed and applied at each --concurrency value (in turns), at
//                   --latency ms per request: wall time, writes (and requests) in flight at most, requests
//
// Usage: npm run bench:plan -- [--runs 1000] [--experiments 50] [--pipelines 5] [--latency 20]
//                              [--changed 100] [--concurrency 1,2,4,8,16] [--repeat 3] [--report tmp/bench-plan.json]
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  expectExit,
  KFP_RECONCILE_BIN,
  markdownTable,
  medianFields,
  medianOf,
  megabytes,
  millis,
  nxEnvironment,
  ratio,
  repoRoot,
  seconds,
  timeNode,
  writeReport,
} from './measure.mjs';
import { startRequestMeter } from './request-meter.mjs';
import { createWorkspace, writePipelines, writeTeam } from './scale-workspace.mjs';

const require = createRequire(import.meta.url);
const { startEmulator } = require(join(repoRoot, 'packages/kfp-emulator/dist/index.js'));

const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string', default: '1000' },
    experiments: { type: 'string', default: '50' },
    pipelines: { type: 'string', default: '5' },
    latency: { type: 'string', default: '20' },
    changed: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '1,2,4,8,16' },
    repeat: { type: 'string', default: '3' },
    report: { type: 'string', default: 'tmp/bench-plan.json' },
  },
});
const runs = Number(flags.runs);
const experiments = Number(flags.experiments);
const pipelines = Number(flags.pipelines);
const latencyMs = Number(flags.latency);
const changed = Number(flags.changed);
const concurrencies = flags.concurrency.split(',').map(Number);
const repeat = Number(flags.repeat);

const SCALE_TEAM = 'teams/scale-team';
const BASELINE_TEAM = 'teams/one-run-per-pipeline';
const APPLY_TEAM = 'teams/apply-team';
const everyPipeline = Array.from({ length: pipelines }, (_, i) => i);
const log = (line) => process.stderr.write(`${line}\n`);

const ws = createWorkspace('plan');
const emulator = await startEmulator({});
const meter = await startRequestMeter(emulator.url);
const env = nxEnvironment(ws.root);
const kfpReconcile = (folder, args) => timeNode(KFP_RECONCILE_BIN, [folder, `--host=${meter.url}/pipeline`, ...args], { cwd: ws.root, env });
const withLatency = (ms) => (ms > 0 ? emulator.injectFaults([{ latencyMs: ms }]) : emulator.clearFaults());

try {
  writePipelines(ws.root, pipelines);
  writeTeam(ws.root, SCALE_TEAM, { runs, experiments, pipelineIndexes: everyPipeline });
  writeTeam(ws.root, BASELINE_TEAM, { runs: pipelines, experiments: 1, pipelineIndexes: everyPipeline });
  log(`Plan benchmark: ${runs} recurring runs in ${experiments} experiments over ${pipelines} pipelines (${availableParallelism()} CPUs, median of ${repeat})`);

  log('  bringing the namespace in line with the team (not measured)');
  expectExit(await kfpReconcile(SCALE_TEAM, ['--concurrency=16']), 'the initial reconcile');

  const plans = {};
  for (const latency of [0, latencyMs]) {
    withLatency(latency);
    plans[latency] = await medianOf(repeat, async () => {
      emulator.clearRequests();
      // --detailed-exitcode: exit 0 only when the plan finds nothing to change.
      const plan = expectExit(await kfpReconcile(SCALE_TEAM, ['--dry-run', '--detailed-exitcode']), 'the no-op plan');
      const requests = emulator.requests();
      const httpMs = await replay(requests);
      log(`  no-op plan at ${latency} ms: ${seconds(plan.ms)}, ${requests.length} requests, HTTP alone ${seconds(httpMs)}`);
      return { ms: plan.ms, requests: requests.length, peakRssBytes: plan.peakRssBytes, httpMs };
    });
  }
  withLatency(0);

  const validate = async (folder) =>
    medianOf(repeat, async () => {
      const result = expectExit(await timeNode(join(repoRoot, 'tools/benchmark/validate-timing.mjs'), [ws.root, folder], { cwd: ws.root, env }), `validate ${folder}`);
      const { ms, success } = JSON.parse(result.stdout.trim().split('\n').at(-1));
      if (!success) throw new Error(`validate ${folder} found errors:\n${result.stderr}`);
      log(`  validate ${folder}: ${seconds(ms)}`);
      return { ms };
    });
  const validateAll = await validate(SCALE_TEAM);
  const validateBaseline = await validate(BASELINE_TEAM);
  const marginalMs = (validateAll.ms - validateBaseline.ms) / Math.max(1, runs - pipelines);

  // Each sample: a namespace in line with the team, then every run changed and applied. The
  // concurrency values take turns, so a busy moment of the machine hits them alike.
  const applySamples = new Map(concurrencies.map((c) => [c, []]));
  for (let r = 0; r < repeat; r++) {
    for (const concurrency of concurrencies) applySamples.get(concurrency).push(await applyChange(concurrency));
  }
  const applies = concurrencies.map((concurrency) => ({ concurrency, ...medianFields(applySamples.get(concurrency)) }));

  const check = (ok) => (ok ? '✔' : '✖');
  const [idle, slow] = [plans[0], plans[latencyMs]];
  const share = (plan) => `HTTP alone ${seconds(plan.httpMs)} (${((plan.httpMs / plan.ms) * 100).toFixed(0)}% of the wall)`;
  const rows = [
    [`no-op plan of ${runs} runs, 0 ms per request`, seconds(idle.ms), share(idle), '≤ 2 s', check(idle.ms <= 2000)],
    [`no-op plan of ${runs} runs, ${latencyMs} ms per request`, seconds(slow.ms), share(slow), '≤ 3 s', check(slow.ms <= 3000)],
    ['requests of the no-op plan', String(idle.requests), '', '≤ 6', check(idle.requests <= 6)],
    ['peak RSS of the plan process', megabytes(idle.peakRssBytes), '', '≤ 150 MB', check(idle.peakRssBytes <= 150 * 1024 * 1024)],
    [`validate ${runs} runs (offline, in process)`, seconds(validateAll.ms), `${millis(validateAll.ms / runs)} per run`, '', ''],
    [`validate ${pipelines} runs, one per pipeline`, seconds(validateBaseline.ms), `${millis(marginalMs)} per further run`, '≤ 1 ms per further run', check(marginalMs <= 1)],
    ...applies.map((a) => [
      `apply ${changed} changed runs, concurrency ${a.concurrency}, ${latencyMs} ms per request`,
      seconds(a.ms),
      `apply phase ${seconds(a.applyMs)}${a === applies[0] ? '' : ` (${ratio(applies[0].applyMs / a.applyMs)} the speed at concurrency ${applies[0].concurrency})`}, at most ${a.maxWritesInFlight} write${a.maxWritesInFlight === 1 ? '' : 's'} in flight, ${a.requests} requests`,
      'bounded, chosen by measurement',
      '',
    ]),
  ];
  console.log(`\n${markdownTable(['what', 'measured', 'comparison', 'goal', 'met'], rows)}\n`);

  const file = writeReport(flags.report, {
    benchmark: 'plan',
    cpus: availableParallelism(),
    sizes: { runs, experiments, pipelines, latencyMs, changed, concurrencies, repeat },
    plan: { latency0: idle, [`latency${latencyMs}`]: slow },
    validate: { all: validateAll, onePerPipeline: validateBaseline, perRunMs: validateAll.ms / runs, marginalPerRunMs: marginalMs },
    apply: applies,
    table: rows,
  });
  log(`Report: ${file}`);
} finally {
  await meter.close();
  await emulator.close();
  ws.dispose();
}

/** Applies a change of every run of the apply team at one concurrency, at the benchmark's latency. */
async function applyChange(concurrency) {
  const team = (message) => writeTeam(ws.root, APPLY_TEAM, { runs: changed, experiments: Math.min(experiments, changed), pipelineIndexes: everyPipeline, message });
  emulator.reset();
  team('v1');
  expectExit(await kfpReconcile(APPLY_TEAM, ['--concurrency=16']), 'the reconcile before the change');
  team('v2');
  withLatency(latencyMs);
  meter.reset();
  const apply = expectExit(await kfpReconcile(APPLY_TEAM, [`--concurrency=${concurrency}`]), `apply at concurrency ${concurrency}`);
  const stats = meter.stats();
  withLatency(0);
  log(`  apply at concurrency ${concurrency}: ${seconds(apply.ms)}, at most ${stats.maxWritesInFlight} writes (${stats.maxInFlight} requests) in flight, ${stats.requests} requests`);
  return { ms: apply.ms, applyMs: stats.lastAt - stats.firstWriteAt, maxInFlight: stats.maxInFlight, maxWritesInFlight: stats.maxWritesInFlight, requests: stats.requests };
}

/** The plan's requests again, one after another with fetch, through the same proxy: what the HTTP part alone costs. */
async function replay(requests) {
  await (await fetch(`${meter.url}/pipeline/apis/v1beta1/healthz`)).arrayBuffer(); // fetch's own start-up is not HTTP time
  const started = performance.now();
  for (const { method, path, query } of requests) {
    if (method !== 'GET') throw new Error(`a no-op plan made a ${method} request (${path})`);
    const answer = await fetch(`${meter.url}${path}${query ? `?${query}` : ''}`);
    await answer.arrayBuffer();
  }
  return performance.now() - started;
}
