import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resolveInterpreter } from '../../src/python/interpreter';
import { RenderServer, RenderServerError } from '../../src/python/render-server';
import { RenderError, renderPipeline, type RenderJob } from '../../src/render/render-pipeline';
import { renderJob, snapshot } from './support/render-job';
import { useRenderServer } from './support/render-server-harness';
import { renderProject } from '../../src/render/render-project';

// The real kfp 2.8.0 SDK (.venv-v2) behind the same render as v1 pipelines.
const repoRoot = resolve(__dirname, '../../../..');
const v2Python = resolveInterpreter(repoRoot, undefined, {}, 'v2');

const harness = useRenderServer('v2', 'kfp-render-v2-test-');

/** A v2 pipeline: typed parameters (one required), a lightweight component, a container component, optionally kfp-kubernetes. */
function pipelineSource(options: { name?: string; epochs?: string; kubernetes?: boolean; extra?: string } = {}): string {
  return `import argparse, os
from kfp import compiler, dsl${options.kubernetes ? ', kubernetes' : ''}
${options.extra ?? ''}

@dsl.component(base_image="python:3.11-slim")
def train(tag: str, epochs: int, learning_rate: float, shuffle: bool, layers: list, config: dict) -> str:
    return f"{tag}: {epochs} at {learning_rate}"

@dsl.container_component
def echo(message: str):
    return dsl.ContainerSpec(image="alpine:3.19", command=["echo"], args=[message])

@dsl.pipeline(name="${options.name ?? 'typed'}")
def pipeline(tag: str, epochs: int = ${options.epochs ?? '3'}, learning_rate: float = 0.01, shuffle: bool = True, layers: list = [64, 32], config: dict = {"depth": 2}, note: str = "two words"):
    task = train(tag=tag, epochs=epochs, learning_rate=learning_rate, shuffle=shuffle, layers=layers, config=config)
    echo(message=task.output)
${options.kubernetes ? '    kubernetes.use_secret_as_env(task, secret_name="db", secret_key_to_env={"password": "DB_PASSWORD"})\n    kubernetes.mount_pvc(task, pvc_name="shared-data", mount_path="/data")\n' : ''}
parser = argparse.ArgumentParser()
parser.add_argument("--output-folder", required=True)
out = parser.parse_args().output_folder
os.makedirs(out, exist_ok=True)
compiler.Compiler().compile(pipeline, os.path.join(out, "pipeline.yaml"))
`;
}

function pipelineFolder(name: string, source = pipelineSource()): string {
  const dir = join(harness.dir, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'pipeline.py'), source);
  return dir;
}

const job = (dir: string, extra: Partial<RenderJob> = {}) => renderJob('v2', harness.dir, dir, extra);

const renderError = async (promise: Promise<unknown>) => {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RenderError);
  return (error as RenderError).message;
};

test('first render writes pipeline.yaml exactly as the SDK does (platform spec included), params/ typed from the IR, and the digest', async () => {
  const dir = pipelineFolder('k8s', pipelineSource({ kubernetes: true }));
  const result = await renderPipeline(harness.server, job(dir), { check: false });
  expect(result.status).toBe('written');
  const out = join(dir, 'RENDERED_PIPELINE');
  expect(readdirSync(out).sort()).toEqual(['.kfp-digest', 'params', 'pipeline.yaml']);

  // The same script compiled by the same SDK outside the plugin: byte for byte what render committed.
  const direct = join(harness.dir, 'direct');
  const compiled = spawnSync(v2Python.command, [join(dir, 'pipeline.py'), '--output-folder', direct], { cwd: dir, encoding: 'utf8' });
  expect(compiled.status).toBe(0);
  const committed = readFileSync(join(out, 'pipeline.yaml'), 'utf8');
  expect(committed).toBe(readFileSync(join(direct, 'pipeline.yaml'), 'utf8'));
  expect(committed).toMatch(/\nsdkVersion: kfp-2\.8\.0\n---\nplatforms:\n {2}kubernetes:\n/);

  const params = Object.fromEntries(readdirSync(join(out, 'params')).map((name) => [name, readFileSync(join(out, 'params', name), 'utf8')]));
  expect(params).toEqual({ config: '{"depth":2}', epochs: '3', layers: '[64,32]', learning_rate: '0.01', note: 'two words', shuffle: 'true' });
  expect(readFileSync(join(out, '.kfp-digest'), 'utf8')).toBe(`${result.digest}\n`);
}, 60_000);

test('an unchanged pipeline re-renders without touching a file, and a different sdkVersion alone is not a change', async () => {
  const dir = pipelineFolder('same', pipelineSource({ kubernetes: true }));
  await renderPipeline(harness.server, job(dir), { check: false });
  const file = join(dir, 'RENDERED_PIPELINE/pipeline.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('sdkVersion: kfp-2.8.0', 'sdkVersion: kfp-2.7.0'));
  const before = snapshot(join(dir, 'RENDERED_PIPELINE'));
  await new Promise((r) => setTimeout(r, 20));
  expect(await renderPipeline(harness.server, job(dir), { check: false })).toMatchObject({ status: 'unchanged', digestRecorded: true });
  expect(await renderPipeline(harness.server, job(dir), { check: true })).toMatchObject({ status: 'unchanged', digestRecorded: true });
  expect(snapshot(join(dir, 'RENDERED_PIPELINE'))).toEqual(before);
}, 60_000);

test('--check reports a stale render with the params and the normalised IR that differ, and writes nothing', async () => {
  const dir = pipelineFolder('stale');
  await renderPipeline(harness.server, job(dir), { check: false });
  const before = snapshot(join(dir, 'RENDERED_PIPELINE'));
  writeFileSync(join(dir, 'pipeline.py'), pipelineSource({ epochs: '5' }).replace('alpine:3.19', 'alpine:3.20'));
  const result = await renderPipeline(harness.server, job(dir), { check: true });
  expect(result).toMatchObject({ status: 'stale', hadCommitted: true });
  if (result.status !== 'stale') return;
  expect(result.comparison?.params.changed).toEqual(['epochs']);
  expect(result.diff).toContain('params/epochs differs');
  expect(result.diff).toMatch(/-3\n\s+\+5/);
  expect(result.diff).toContain('pipeline.yaml differs at:');
  expect(result.diff).toContain('changed root.inputDefinitions.parameters.epochs.defaultValue');
  expect(result.diff).toContain('changed deploymentSpec.executors."exec-echo".container.image');
  expect(result.diff).toMatch(/-\s+image: alpine:3\.19\n\s+\+\s+image: alpine:3\.20/);
  expect(result.diff).not.toContain('sdkVersion');
  expect(snapshot(join(dir, 'RENDERED_PIPELINE'))).toEqual(before);
}, 60_000);

test('a platform spec added by kfp-kubernetes is a change, shown as its own document', async () => {
  const dir = pipelineFolder('platform');
  await renderPipeline(harness.server, job(dir), { check: false });
  writeFileSync(join(dir, 'pipeline.py'), pipelineSource({ kubernetes: true }));
  const result = await renderPipeline(harness.server, job(dir), { check: false });
  expect(result.status).toBe('written');
  if (result.status !== 'written') return;
  expect(result.diff).toContain('added platforms');
  expect(result.diff).toMatch(/\+---\n\s+\+platforms:/);
  expect(readFileSync(join(dir, 'RENDERED_PIPELINE/pipeline.yaml'), 'utf8')).toContain('secretName: db');
}, 60_000);

test('a pipeline that is not deterministic is reported with the differing lines, and nothing is written', async () => {
  const dir = pipelineFolder('clock', pipelineSource({ extra: 'import time\nSTAMP = str(time.time_ns())\n' }).replace('note: str = "two words"', 'note: str = STAMP'));
  const message = await renderError(renderPipeline(harness.server, job(dir), { check: false }));
  expect(message).toContain('clock: the pipeline is not deterministic');
  expect(message).toContain('unordered sets); compute such values inside a component, when it runs.');
  expect(message).toMatch(/params\/note differs/);
  expect(message).toMatch(/changed root\.inputDefinitions\.parameters\.note\.defaultValue/);
  expect(existsSync(join(dir, 'RENDERED_PIPELINE'))).toBe(false);
}, 60_000);

test('params/ files the script writes itself are kept, and one for an undeclared name is refused', async () => {
  const dir = pipelineFolder('own-params', pipelineSource({ extra: 'import sys\n' }).replace('os.makedirs(out, exist_ok=True)', 'os.makedirs(os.path.join(out, "params"))\nopen(os.path.join(out, "params", "tag"), "w").write("from the script")'));
  await renderPipeline(harness.server, job(dir), { check: false });
  expect(readFileSync(join(dir, 'RENDERED_PIPELINE/params/tag'), 'utf8')).toBe('from the script');
  expect(readFileSync(join(dir, 'RENDERED_PIPELINE/params/epochs'), 'utf8')).toBe('3');

  writeFileSync(join(dir, 'pipeline.py'), readFileSync(join(dir, 'pipeline.py'), 'utf8').replace('"params", "tag"', '"params", "tags"'));
  expect(await renderError(renderPipeline(harness.server, job(dir), { check: false }))).toContain('own-params: params/tags is not a parameter of the pipeline (declared: config, epochs, layers, learning_rate, note, shuffle, tag)');
}, 60_000);

test('params/ files the script writes count even when pipeline.yaml is the committed text byte for byte', async () => {
  const dir = pipelineFolder('own-value', pipelineSource().replace('os.makedirs(out, exist_ok=True)', 'os.makedirs(os.path.join(out, "params"))\nopen(os.path.join(out, "params", "tag"), "w").write("blue")'));
  await renderPipeline(harness.server, job(dir), { check: false });
  const committedIr = readFileSync(join(dir, 'RENDERED_PIPELINE/pipeline.yaml'), 'utf8');
  writeFileSync(join(dir, 'pipeline.py'), readFileSync(join(dir, 'pipeline.py'), 'utf8').replace('write("blue")', 'write("green")'));
  const result = await renderPipeline(harness.server, job(dir), { check: true });
  expect(result).toMatchObject({ status: 'stale', comparison: { equal: false, documents: [], params: { changed: ['tag'] } } });
  expect((await renderPipeline(harness.server, job(dir), { check: false })).status).toBe('written');
  expect(readFileSync(join(dir, 'RENDERED_PIPELINE/params/tag'), 'utf8')).toBe('green');
  expect(readFileSync(join(dir, 'RENDERED_PIPELINE/pipeline.yaml'), 'utf8')).toBe(committedIr);
}, 60_000);

test('a render that embeds the checkout path is rejected', async () => {
  const dir = pipelineFolder('absolute', pipelineSource().replace('note: str = "two words"', 'note: str = os.path.abspath("data.csv")'));
  const message = await renderError(renderPipeline(harness.server, job(dir), { check: false }));
  expect(message).toContain(`absolute: the rendered pipeline.yaml contains the absolute path of this checkout (${harness.dir})`);
  expect(message).toContain('/absolute/data.csv');
  expect(existsSync(join(dir, 'RENDERED_PIPELINE'))).toBe(false);
}, 60_000);

test('output of the wrong kind for the declared sdk is a clear error', async () => {
  const dir = pipelineFolder('wrong-name', pipelineSource().replace('"pipeline.yaml"', '"workflow.yaml"'));
  expect(await renderError(renderPipeline(harness.server, job(dir), { check: false }))).toContain(
    'wrong-name: wrong-name/pipeline.py wrote the pipeline into workflow.yaml, but a v2 render is named pipeline.yaml: compile into os.path.join(output_folder, "pipeline.yaml").',
  );

  const argo = 'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {generateName: x-}\nspec: {entrypoint: x, templates: []}\n';
  for (const file of ['workflow.yaml', 'pipeline.yaml']) {
    const folder = pipelineFolder(`argo-${file.split('.')[0]}`, `import os, sys\nout = sys.argv[2]\nos.makedirs(out)\nopen(os.path.join(out, "${file}"), "w").write(${JSON.stringify(argo)})\n`);
    expect(await renderError(renderPipeline(harness.server, job(folder), { check: false }))).toContain(
      `${file}, a KFP v1 Argo Workflow, but kfp-pipeline.yaml declares sdk: v2, whose renders are pipeline.yaml, a KFP v2 pipeline (the pipeline IR). Either declare sdk: v1 in kfp-pipeline.yaml, or compile the pipeline with the v2 SDK into pipeline.yaml.`,
    );
  }

  const broken = pipelineFolder('not-ir', 'import os, sys\nout = sys.argv[2]\nos.makedirs(out)\nopen(os.path.join(out, "pipeline.yaml"), "w").write("pipelineInfo: {name: x}\\nroot: {}\\nschemaVersion: 2.0.0\\n")\n');
  expect(await renderError(renderPipeline(harness.server, job(broken), { check: false }))).toContain('not-ir: not-ir/pipeline.py output pipeline.yaml: not a KFP v2 pipeline: schemaVersion is "2.0.0"; KFP servers accept 2.1.0');
}, 60_000);

test('a pipeline that moves from v1 to v2 replaces the v1 render: --check says so, render swaps workflow.yaml for pipeline.yaml', async () => {
  const dir = pipelineFolder('moved');
  const v1Render = join(dir, 'RENDERED_PIPELINE');
  cpSync(join(repoRoot, 'projects/pipelines/example-pipeline-1/RENDERED_PIPELINE'), v1Render, { recursive: true });
  const check = await renderPipeline(harness.server, job(dir), { check: true });
  expect(check).toMatchObject({ status: 'stale', hadCommitted: true });
  if (check.status === 'stale') expect(check.diff).toContain('RENDERED_PIPELINE holds workflow.yaml, a KFP v1 Argo Workflow; the pipeline now declares sdk: v2, so it renders pipeline.yaml instead.');
  expect(await renderPipeline(harness.server, job(dir), { check: false })).toMatchObject({ status: 'written', hadCommitted: true });
  expect(readdirSync(v1Render).sort()).toEqual(['.kfp-digest', 'params', 'pipeline.yaml']);
}, 60_000);

test('variants render with the v2 server through renderProject; a server of the other SDK is refused with what to install', async () => {
  const dir = pipelineFolder('variants', pipelineSource({ extra: 'import sys\nVARIANT = sys.argv[sys.argv.index("--variant") + 1]\n' }).replace('@dsl.pipeline(name="typed")', '@dsl.pipeline(name=f"typed-{VARIANT}")').replace('parser.add_argument("--output-folder", required=True)', 'parser.add_argument("--output-folder", required=True)\nparser.add_argument("--variant", required=True)'));
  const options = { sdk: 'v2' as const, variants: { dev: { args: ['--variant', 'dev'] }, prod: { args: ['--variant', 'prod'] } } };
  const report = await renderProject(harness.server, 'variants', 'variants', harness.dir, options);
  expect(report.success).toBe(true);
  expect(report.results.map((r) => [r.label, r.status])).toEqual([
    ['variants (dev)', 'written'],
    ['variants (prod)', 'written'],
  ]);
  expect(readFileSync(join(dir, 'RENDERED_PIPELINE_prod/pipeline.yaml'), 'utf8')).toContain('name: typed-prod');

  const v1Report = await renderProject(harness.server, 'variants', 'variants', harness.dir, { ...options, sdk: 'v1' });
  expect(v1Report).toMatchObject({ success: false, error: 'variants is a v1 pipeline, but the render server\'s interpreter has kfp 2.8.0; v1 pipelines render with kfp==1.8.22.' });
}, 60_000);

test('an interpreter without the SDK the pipelines need does not start, and says which environment to create', async () => {
  const v1Python = resolveInterpreter(repoRoot, undefined, {}, 'v1');
  const error = await RenderServer.start({ ...v1Python, sdk: 'v2' }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RenderServerError);
  expect((error as Error).message).toContain(`${v1Python.command} has kfp 1.8.22, but v2 pipelines are compiled with kfp==2.8.0.`);
  expect((error as Error).message).toContain('npm run setup:kfp');
  expect((error as Error).message).toContain('KFP_PYTHON_V2');
}, 60_000);
