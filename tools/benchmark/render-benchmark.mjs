#!/usr/bin/env node
// Render benchmark: N generated KFP v1 pipelines rendered two ways, and the ratio.
//
//   engine, one process per pipeline   a fresh Python (importing kfp) for every pipeline, one after another
//   engine, batched                    one warm render server, a forked child per pipeline, one per CPU
//   nx run-many --batch=false          Nx's one-task-per-process path (what the plugin does without batching)
//   nx run-many                        the default: the render executor's batch implementation
//
// Usage: npm run bench:render -- [--pipelines 30] [--repeat 1] [--skip-nx]
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
const python = resolveInterpreter(repoRoot, undefined, process.env);

function pipelineSource(i) {
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

function makeWorkspace() {
  const root = mkdtempSync(join(tmpdir(), 'kfp-bench-'));
  for (let i = 0; i < count; i++) {
    mkdirSync(join(root, 'pipelines', `bench-${i}`), { recursive: true });
    writeFileSync(join(root, 'pipelines', `bench-${i}`, 'pipeline.py'), pipelineSource(i));
  }
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'bench', private: true }));
  writeFileSync(join(root, 'nx.json'), JSON.stringify({ plugins: [{ plugin: 'kfp', options: { python: python.command } }] }));
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  return root;
}

function clean(root) {
  for (let i = 0; i < count; i++) rmSync(join(root, 'pipelines', `bench-${i}`, 'RENDERED_PIPELINE'), { recursive: true, force: true });
}

const projects = (root) => Array.from({ length: count }, (_, i) => ({ name: `bench-${i}`, root: `pipelines/bench-${i}` }));

async function renderOneProcessEach(root) {
  for (const p of projects(root)) {
    const server = await RenderServer.start(python);
    try {
      const report = await renderProject(server, p.name, p.root, root, {});
      if (!report.success) throw new Error(JSON.stringify(report.results));
    } finally {
      await server.close();
    }
  }
}

async function renderBatched(root) {
  const server = await RenderServer.start(python);
  try {
    const queue = projects(root);
    const worker = async () => {
      for (let p = queue.shift(); p; p = queue.shift()) {
        const report = await renderProject(server, p.name, p.root, root, {});
        if (!report.success) throw new Error(JSON.stringify(report.results));
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
  process.stderr.write(`Rendering ${count} generated pipelines (${availableParallelism()} CPUs, ${python.command}, median of ${repeat})\n`);
  // One unmeasured pass warms the OS file cache, so the first way measured is not penalised.
  await renderBatched(root);
  const rows = [];
  const perProcess = await time('engine, one process per pipeline', root, renderOneProcessEach);
  const batched = await time('engine, batched', root, renderBatched);
  rows.push(['engine: one process per pipeline', perProcess], ['engine: batched (warm fork-server)', batched]);
  let nxRows = [];
  if (!skipNx) {
    const nxSingle = await time('nx run-many --batch=false', root, (r) => nx(r, ['--batch=false']));
    const nxBatch = await time('nx run-many (batch)', root, (r) => nx(r, []));
    nxRows = [['nx run-many --batch=false', nxSingle], ['nx run-many (batched executor)', nxBatch]];
  }
  const table = [
    '',
    `| way (${count} pipelines) | wall time | per pipeline |`,
    '|---|---:|---:|',
    ...[...rows, ...nxRows].map(([label, ms]) => `| ${label} | ${(ms / 1000).toFixed(2)} s | ${(ms / count).toFixed(0)} ms |`),
    '',
    '| ratio | speed-up | goal |',
    '|---|---:|---:|',
    `| engine: one process per pipeline / batched | ${(perProcess / batched).toFixed(1)}x | >= 5x |`,
    ...(nxRows.length ? [`| nx: --batch=false / batched | ${(nxRows[0][1] / nxRows[1][1]).toFixed(1)}x | >= 5x |`] : []),
    '',
  ];
  console.log(table.join('\n'));
} finally {
  rmSync(root, { recursive: true, force: true });
}

