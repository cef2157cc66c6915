#!/usr/bin/env node
// Graph benchmark (issue 12): a generated workspace of many pipelines and teams,
// measured side by side in one run:
//
//   plugin        the kfp plugin infers every project and the team -> pipeline edges
//   project.json  the same files and the same projects written out by hand (no plugin)
//
// for `nx show projects` and `nx graph --file=...`, each cold (no workspace data:
// what a fresh CI checkout pays) and warm (run again); and the start-up of
// kfp-reconcile in the plugin workspace (from spawn to its first API request).
//
// Usage: npm run bench:graph -- [--pipelines 2000] [--teams 100] [--runs-per-team 20] [--repeat 3] [--report tmp/bench-graph.json]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { expectExit, KFP_RECONCILE_BIN, markdownTable, medianOf, NX_BIN, nxEnvironment, ratio, repoRoot, seconds, timeNode, writeReport } from './measure.mjs';
import { sameShape, writeProjectJsonTwin } from './project-json-twin.mjs';
import { startRequestMeter } from './request-meter.mjs';
import { createWorkspace, writePipelines, writeTeam } from './scale-workspace.mjs';

const require = createRequire(import.meta.url);
const { startEmulator } = require(join(repoRoot, 'packages/kfp-emulator/dist/index.js'));

const { values: flags } = parseArgs({
  options: {
    pipelines: { type: 'string', default: '2000' },
    teams: { type: 'string', default: '100' },
    'runs-per-team': { type: 'string', default: '20' },
    repeat: { type: 'string', default: '3' },
    report: { type: 'string', default: 'tmp/bench-graph.json' },
  },
});
const pipelines = Number(flags.pipelines);
const teams = Number(flags.teams);
const runsPerTeam = Number(flags['runs-per-team']);
const repeat = Number(flags.repeat);
const log = (line) => process.stderr.write(`${line}\n`);

const plugin = createWorkspace('graph-plugin');
const twin = { root: mkdtempSync(join(tmpdir(), 'kfp-bench-graph-project-json-')) };
const outputs = mkdtempSync(join(tmpdir(), 'kfp-bench-graph-files-'));

const COMMANDS = {
  'nx show projects': () => ['show', 'projects'],
  'nx graph --file': (label) => ['graph', `--file=${join(outputs, `${label}.json`)}`],
};

/** One Nx command in a workspace; cold removes the workspace data (project graph, file hashes, plugin caches) first. */
async function nx(workspace, label, command, { cold }) {
  if (cold) rmSync(join(workspace.root, '.nx'), { recursive: true, force: true });
  const result = expectExit(await timeNode(NX_BIN, COMMANDS[command](label), { cwd: workspace.root, env: nxEnvironment(workspace.root) }), `${command} (${label})`);
  return result.ms;
}

try {
  writePipelines(plugin.root, pipelines);
  for (let t = 0; t < teams; t++) {
    // Each team schedules its own slice of the pipelines (wrapping around), so every pipeline has a deployer.
    const pipelineIndexes = Array.from({ length: runsPerTeam }, (_, j) => (t * runsPerTeam + j) % pipelines);
    writeTeam(plugin.root, `teams/team-${t}`, { runs: runsPerTeam, experiments: Math.min(5, runsPerTeam), pipelineIndexes });
  }
  log(`Graph benchmark: ${pipelines} pipelines, ${teams} teams x ${runsPerTeam} recurring runs (${availableParallelism()} CPUs, median of ${repeat})`);

  // Unmeasured: warms the OS file cache, and its graph is what the project.json workspace writes out.
  await nx(plugin, 'plugin', 'nx graph --file', { cold: true });
  const pluginGraph = JSON.parse(readFileSync(join(outputs, 'plugin.json'), 'utf8')).graph;
  writeProjectJsonTwin(plugin.root, twin.root, pluginGraph);
  await nx(twin, 'project-json', 'nx graph --file', { cold: true });
  const twinGraph = JSON.parse(readFileSync(join(outputs, 'project-json.json'), 'utf8')).graph;
  const equal = sameShape(pluginGraph, twinGraph);
  log(`  the two workspaces have ${equal ? 'the same' : 'DIFFERENT'} projects, targets and edges (${Object.keys(pluginGraph.nodes).length} projects)`);

  const measured = {};
  for (const command of Object.keys(COMMANDS)) {
    for (const cold of [true, false]) {
      const key = `${command}, ${cold ? 'cold' : 'warm'}`;
      // The two workspaces take turns, so a busy moment of the machine hits both alike.
      measured[key] = await medianOf(repeat, async () => {
        const pluginMs = await nx(plugin, 'plugin', command, { cold });
        const projectJsonMs = await nx(twin, 'project-json', command, { cold });
        log(`  ${key}: plugin ${seconds(pluginMs)}, project.json ${seconds(projectJsonMs)}`);
        return { pluginMs, projectJsonMs };
      });
    }
  }

  const startup = {};
  const emulator = await startEmulator({});
  const meter = await startRequestMeter(emulator.url);
  try {
    for (const cold of [true, false]) {
      startup[cold ? 'cold' : 'warm'] = await medianOf(repeat, async () => {
        if (cold) rmSync(join(plugin.root, '.nx'), { recursive: true, force: true });
        meter.reset();
        let spawnedAt = 0;
        const plan = await timeNode(KFP_RECONCILE_BIN, ['teams/team-0', '--dry-run', `--host=${meter.url}/pipeline`], {
          cwd: plugin.root,
          env: nxEnvironment(plugin.root),
          onSpawn: (at) => (spawnedAt = at),
        });
        expectExit(plan, 'kfp-reconcile --dry-run');
        const ms = meter.stats().firstAt - spawnedAt;
        log(`  kfp-reconcile start-up, ${cold ? 'cold' : 'warm'}: ${seconds(ms)} (whole plan ${seconds(plan.ms)})`);
        return { ms, planMs: plan.ms };
      });
    }
  } finally {
    await meter.close();
    await emulator.close();
  }

  const check = (ok) => (ok ? '✔' : '✖');
  const rows = Object.entries(measured).map(([key, m]) => {
    const goal = key.endsWith('cold') ? 1.2 : 1.05;
    const r = m.pluginMs / m.projectJsonMs;
    return [key, seconds(m.pluginMs), seconds(m.projectJsonMs), ratio(r), `≤ ${goal}x`, check(r <= goal)];
  });
  for (const [kind, s] of Object.entries(startup)) {
    rows.push([`kfp-reconcile start-up (spawn to first request), ${kind}`, seconds(s.ms), '', '', '< 1 s', check(s.ms < 1000)]);
  }
  const projects = Object.keys(pluginGraph.nodes).length;
  console.log(`\n${markdownTable([`${projects} projects`, 'plugin', 'project.json', 'ratio', 'goal', 'met'], rows)}\n`);
  console.log(`Same projects, targets and edges in both workspaces: ${equal ? 'yes' : 'no'}\n`);

  const file = writeReport(flags.report, {
    benchmark: 'graph',
    cpus: availableParallelism(),
    sizes: { pipelines, teams, runsPerTeam, repeat, projects },
    sameGraph: equal,
    nx: measured,
    kfpReconcileStartup: startup,
    table: rows,
  });
  log(`Report: ${file}`);
  if (!equal) process.exitCode = 1;
} finally {
  plugin.dispose();
  rmSync(twin.root, { recursive: true, force: true });
  rmSync(outputs, { recursive: true, force: true });
}
