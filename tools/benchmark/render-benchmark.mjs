#!/usr/bin/env node
// Render benchmark: N generated KFP v1 pipelines and N generated KFP v2 pipelines, each SDK rendered
// these ways, and the ratios:
//
//   import-once limit                  one Python imports kfp once and compiles every pipeline once, in-process,
//                                      serially (compile-all-once.py): no isolation, no determinism check
//   engine, one process per pipeline   a fresh Python (importing kfp) for every pipeline, one after another
//   engine, batched                    one warm render server, a forked child per pipeline, one per CPU
//   nx run-many --batch=false          Nx's one-task-per-process path (what the plugin does without batching)
//   nx run-many                        the default: the render executor's batch implementation
//   nx run-many, all from the cache    what Nx itself costs around the renders (graph, hashing, restoring outputs)
//
// and one mixed `nx run-many` over both SDKs (one warm server per SDK in one batch). Every
// pipeline is fresh (its RENDERED_PIPELINE removed before each sample), so each render
// compiles it twice: the second compile is the determinism check (render-pipeline.ts).
//
// Usage: npm run bench:render -- [--pipelines 30] [--repeat 1] [--skip-nx] [--skip-per-process] [--sdk v1|v2]
//                                  [--report tmp/bench-render.json]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { markdownTable, median, repoRoot, seconds, writeReport } from './measure.mjs';

const require = createRequire(import.meta.url);
const { RenderServer } = require(join(repoRoot, 'packages/kfp/dist/python/render-server.js'));
const { resolveInterpreter } = require(join(repoRoot, 'packages/kfp/dist/python/interpreter.js'));
const { renderProject } = require(join(repoRoot, 'packages/kfp/dist/render/render-project.js'));

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const count = Number(flag('pipelines', '30'));
const repeat = Number(flag('repeat', '1'));
const skipNx = args.includes('--skip-nx');
const skipPerProcess = args.includes('--skip-per-process');
const sdks = flag('sdk') ? [flag('sdk')] : ['v1', 'v2'];
const pythons = Object.fromEntries(['v1', 'v2'].map((sdk) => [sdk, resolveInterpreter(repoRoot, undefined, process.env, sdk)]));

function v1PipelineSource(i) {
  return `import argparse, os
from kfp import compiler, components, dsl

def step_${i}(x: int) -> int:
    return x * ${i + 1}

step_op = components.create_component_from_func(step_${i}, base_image="python:3.10-slim")

@dsl.pipeline(name="bench-${i}")
def pipeline(x: int = ${i}):
    a = step_op(x)
    b = step_op(a.output)
    dsl.ContainerOp(name="report", image="alpine:3.19", command=["echo", b.output])

parser = argparse.ArgumentParser()
parser.add_argument("--output-folder", required=True)
out = parser.parse_args().output_folder
os.makedirs(out, exist_ok=True)
compiler.Compiler().compile(pipeline, os.path.join(out, "workflow.yaml"))
`;
}

function v2PipelineSource(i) {
  return `import argparse, os
from kfp import compiler, dsl

@dsl.component(base_image="python:3.11-slim")
def step_${i}(x: int, rate: float, flags: list) -> int:
    return int(x * ${i + 1} * rate) + len(flags)

@dsl.container_component
def report(value: int):
    return dsl.ContainerSpec(image="alpine:3.19", command=["echo"], args=[value])

@dsl.pipeline(name="bench-v2-${i}")
def pipeline(x: int = ${i}, rate: float = 0.5, enabled: bool = True, flags: list = [1, 2], label: str = "bench"):
    a = step_${i}(x=x, rate=rate, flags=flags)
    b = step_${i}(x=a.output, rate=rate, flags=flags)
    report(value=b.output)

parser = argparse.ArgumentParser()
parser.add_argument("--output-folder", required=True)
out = parser.parse_args().output_folder
os.makedirs(out, exist_ok=True)
compiler.Compiler().compile(pipeline, os.path.join(out, "pipeline.yaml"))
`;
}

const SOURCES = { v1: v1PipelineSource, v2: v2PipelineSource };
const projects = (sdk) => Array.from({ length: count }, (_, i) => ({ name: `bench-${sdk}-${i}`, root: `pipelines/bench-${sdk}-${i}` }));

function makeWorkspace() {
  const root = mkdtempSync(join(tmpdir(), 'kfp-bench-'));
  for (const sdk of sdks) {
    projects(sdk).forEach((p, i) => {
      mkdirSync(join(root, p.root), { recursive: true });
      writeFileSync(join(root, p.root, 'pipeline.py'), SOURCES[sdk](i));
      writeFileSync(join(root, p.root, 'kfp-pipeline.yaml'), `sdk: ${sdk}\n`);
    });
  }
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'bench', private: true }));
  writeFileSync(join(root, 'nx.json'), JSON.stringify({ plugins: [{ plugin: 'kfp', options: { python: pythons.v1.command, pythonV2: pythons.v2.command } }] }));
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  return root;
}

function clean(root) {
  for (const sdk of sdks) for (const p of projects(sdk)) rmSync(join(root, p.root, 'RENDERED_PIPELINE'), { recursive: true, force: true });
}

function compileAllOnce(root, sdk) {
  const out = mkdtempSync(join(tmpdir(), 'kfp-bench-once-'));
  try {
    const scripts = projects(sdk).map((p) => join(root, p.root, 'pipeline.py'));
    const result = spawnSync(pythons[sdk].command, [join(repoRoot, 'tools/benchmark/compile-all-once.py'), out, ...scripts], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`compile-all-once.py failed:\n${result.stderr}`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function renderOneProcessEach(root, sdk) {
  for (const p of projects(sdk)) {
    const server = await RenderServer.start(pythons[sdk]);
    try {
      const report = await renderProject(server, p.name, p.root, root, { sdk });
      if (!report.success) throw new Error(JSON.stringify(report));
    } finally {
      await server.close();
    }
  }
}

async function renderBatched(root, sdk) {
  const server = await RenderServer.start(pythons[sdk]);
  try {
    const queue = projects(sdk);
    const worker = async () => {
      for (let p = queue.shift(); p; p = queue.shift()) {
        const report = await renderProject(server, p.name, p.root, root, { sdk });
        if (!report.success) throw new Error(JSON.stringify(report));
      }
    };
    await Promise.all(Array.from({ length: availableParallelism() }, worker));
  } finally {
    await server.close();
  }
}

function nx(root, extra, { cache = false } = {}) {
  const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', CI: 'true', NX_CACHE_DIRECTORY: join(root, '.nx/cache'), NX_WORKSPACE_DATA_DIRECTORY: join(root, '.nx/data') };
  const result = spawnSync(process.execPath, [join(repoRoot, 'node_modules/nx/dist/bin/nx.js'), 'run-many', '-t', 'render', ...(cache ? [] : ['--skip-nx-cache']), ...extra], { cwd: root, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`nx failed:\n${result.stdout}\n${result.stderr}`);
}

/**
 * Measures every way `repeat` times, taking turns (one sample of each way, then
 * the next round), so that a change in the machine's load during the run falls
 * on all ways alike; returns the median of each.
 */
async function measureInTurns(root, ways) {
  const samples = ways.map(() => []);
  for (let r = 0; r < repeat; r++) {
    for (const [i, way] of ways.entries()) {
      clean(root);
      const start = process.hrtime.bigint();
      await way.run(root);
      samples[i].push(Number(process.hrtime.bigint() - start) / 1e6);
      process.stderr.write(`  ${way.sdk} ${way.label}: ${(samples[i].at(-1) / 1000).toFixed(2)} s\n`);
    }
  }
  return samples.map((values) => median(values));
}

const loadAverage = () => loadavg().map((l) => l.toFixed(2)).join(', ');

const root = makeWorkspace();
try {
  const interpreters = sdks.map((sdk) => `${sdk}: ${pythons[sdk].command}`).join(', ');
  const loadBefore = loadAverage();
  process.stderr.write(`Rendering ${count} generated pipelines per SDK (${availableParallelism()} CPUs, load average ${loadBefore}, ${interpreters}, median of ${repeat})\n`);
  // One unmeasured pass warms the OS file cache, so the first way measured is not penalised;
  // a cached `nx run-many` fills Nx's cache for the way that measures Nx alone.
  for (const sdk of sdks) await renderBatched(root, sdk);
  if (!skipNx) nx(root, [], { cache: true });

  const ways = [];
  const way = (key, sdk, label, pipelines, run) => ways.push({ key, sdk, label, pipelines, run });
  for (const sdk of sdks) {
    way(`${sdk} once`, sdk, 'import-once limit (one process, each pipeline compiled once)', count, () => compileAllOnce(root, sdk));
    if (!skipPerProcess) way(`${sdk} per-process`, sdk, 'engine: one process per pipeline', count, (r) => renderOneProcessEach(r, sdk));
    way(`${sdk} batched`, sdk, 'engine: batched (warm fork-server)', count, (r) => renderBatched(r, sdk));
  }
  if (!skipNx) {
    for (const sdk of sdks) {
      const only = ['-p', `bench-${sdk}-*`];
      way(`${sdk} nx single`, sdk, '`nx run-many --batch=false`', count, (r) => nx(r, [...only, '--batch=false']));
      way(`${sdk} nx batch`, sdk, '`nx run-many` (batched executor, the default)', count, (r) => nx(r, only));
      way(`${sdk} nx cached`, sdk, "`nx run-many`, every task from Nx's cache (Nx's own cost)", count, (r) => nx(r, only, { cache: true }));
    }
    if (sdks.length > 1) way('mixed', sdks.join(' + '), '`nx run-many` (batched executor, one server per SDK)', count * sdks.length, (r) => nx(r, []));
  }
  const medians = await measureInTurns(root, ways);
  const ms = Object.fromEntries(ways.map((w, i) => [w.key, medians[i]]));

  const ratios = []; // [what, value, goal, met]
  const ratioRow = (label, value, goal, limit, atMost) => ratios.push([label, value, goal, atMost ? value <= limit : value >= limit]);
  for (const sdk of sdks) {
    if (!skipPerProcess) ratioRow(`${sdk} engine: one process per pipeline / batched`, ms[`${sdk} per-process`] / ms[`${sdk} batched`], '≥ 5x', 5, false);
    ratioRow(`${sdk} engine: batched / import-once limit`, ms[`${sdk} batched`] / ms[`${sdk} once`], '≤ 1.5x', 1.5, true);
    if (!skipNx) {
      ratioRow(`${sdk} nx: --batch=false / batched`, ms[`${sdk} nx single`] / ms[`${sdk} nx batch`], '≥ 5x', 5, false);
      ratioRow(`${sdk} nx: batched / engine batched`, ms[`${sdk} nx batch`] / ms[`${sdk} batched`], '≤ 1.3x', 1.3, true);
    }
  }
  const loadAfter = loadAverage();
  const table = [
    '',
    markdownTable(
      ['way', 'SDK', 'pipelines', 'wall time', 'per pipeline'],
      ways.map((w, i) => [w.label, w.sdk, String(w.pipelines), seconds(medians[i]), `${(medians[i] / w.pipelines).toFixed(0)} ms`]),
    ),
    '',
    markdownTable(['ratio', 'value', 'goal', 'met'], ratios.map(([label, value, goal, met]) => [label, `${value.toFixed(2)}x`, goal, met ? 'yes' : 'no'])),
    '',
    `${availableParallelism()} CPUs; load average (1, 5, 15 min) ${loadBefore} before, ${loadAfter} after; medians of ${repeat}, measured in turns.`,
    '',
  ];
  console.log(table.join('\n'));
  const file = writeReport(flag('report', 'tmp/bench-render.json'), {
    benchmark: 'render',
    cpus: availableParallelism(),
    loadAverage: { before: loadBefore, after: loadAfter },
    sizes: { pipelinesPerSdk: count, sdks, repeat },
    ways: ways.map((w, i) => ({ key: w.key, sdk: w.sdk, label: w.label, pipelines: w.pipelines, ms: medians[i] })),
    ratios: ratios.map(([label, value, goal, met]) => ({ label, value, goal, met })),
  });
  process.stderr.write(`Report: ${file}\n`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
