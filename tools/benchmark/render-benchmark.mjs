#!/usr/bin/env node
// Render benchmark: N generated KFP v1 pipelines and N generated KFP v2 pipelines, each SDK rendered
// these ways, and the ratios:
//
//   engine, one process per pipeline   a fresh Python (importing kfp) for every pipeline, one after another
//   engine, batched                    one warm render server, a forked child per pipeline, one per CPU
//   nx run-many --batch=false          Nx's one-task-per-process path (what the plugin does without batching)
//   nx run-many                        the default: the render executor's batch implementation
//
// and one mixed `nx run-many` over both SDKs (one warm server per SDK in one batch).
//
// Usage: npm run bench:render -- [--pipelines 30] [--repeat 1] [--skip-nx] [--sdk v1|v2]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
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

function nx(root, extra) {
  const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', CI: 'true', NX_CACHE_DIRECTORY: join(root, '.nx/cache'), NX_WORKSPACE_DATA_DIRECTORY: join(root, '.nx/data') };
  const result = spawnSync(process.execPath, [join(repoRoot, 'node_modules/nx/dist/bin/nx.js'), 'run-many', '-t', 'render', '--skip-nx-cache', ...extra], { cwd: root, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`nx failed:\n${result.stdout}\n${result.stderr}`);
}

async function time(label, root, fn) {
  const samples = [];
  for (let r = 0; r < repeat; r++) {
    clean(root);
    const start = process.hrtime.bigint();
    await fn(root);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    process.stderr.write(`  ${label}: ${(samples.at(-1) / 1000).toFixed(2)} s\n`);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

const root = makeWorkspace();
try {
  const interpreters = sdks.map((sdk) => `${sdk}: ${pythons[sdk].command}`).join(', ');
  process.stderr.write(`Rendering ${count} generated pipelines per SDK (${availableParallelism()} CPUs, ${interpreters}, median of ${repeat})\n`);
  // One unmeasured pass warms the OS file cache, so the first way measured is not penalised.
  for (const sdk of sdks) await renderBatched(root, sdk);
  const rows = []; // [way, sdk, pipelines, ms]
  const ratios = [];
  for (const sdk of sdks) {
    const perProcess = await time(`${sdk} engine, one process per pipeline`, root, (r) => renderOneProcessEach(r, sdk));
    const batched = await time(`${sdk} engine, batched`, root, (r) => renderBatched(r, sdk));
    rows.push(['engine: one process per pipeline', sdk, count, perProcess], ['engine: batched (warm fork-server)', sdk, count, batched]);
    ratios.push([`${sdk} engine: one process per pipeline / batched`, perProcess / batched]);
  }
  if (!skipNx) {
    for (const sdk of sdks) {
      const only = ['-p', `bench-${sdk}-*`];
      const nxSingle = await time(`${sdk} nx run-many --batch=false`, root, (r) => nx(r, [...only, '--batch=false']));
      const nxBatch = await time(`${sdk} nx run-many (batch)`, root, (r) => nx(r, only));
      rows.push(['`nx run-many --batch=false`', sdk, count, nxSingle], ['`nx run-many` (batched executor)', sdk, count, nxBatch]);
      ratios.push([`${sdk} nx: --batch=false / batched`, nxSingle / nxBatch]);
    }
    if (sdks.length > 1) {
      const mixed = await time('v1 + v2 nx run-many (batch)', root, (r) => nx(r, []));
      rows.push(['`nx run-many` (batched executor, one server per SDK)', sdks.join(' + '), count * sdks.length, mixed]);
    }
  }
  const table = [
    '',
    '| way | SDK | pipelines | wall time | per pipeline |',
    '|---|---|---:|---:|---:|',
    ...rows.map(([label, sdk, n, ms]) => `| ${label} | ${sdk} | ${n} | ${(ms / 1000).toFixed(2)} s | ${(ms / n).toFixed(0)} ms |`),
    '',
    '| ratio | speed-up | goal |',
    '|---|---:|---:|',
    ...ratios.map(([label, ratio]) => `| ${label} | ${ratio.toFixed(1)}x | >= 5x |`),
    '',
  ];
  console.log(table.join('\n'));
} finally {
  rmSync(root, { recursive: true, force: true });
}

