import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RenderError, renderPipeline, type RenderJob } from '../../src/render/render-pipeline';
import { renderJob, snapshot } from './support/render-job';
import { useRenderServer } from './support/render-server-harness';

const repoRoot = resolve(__dirname, '../../../..');
const examplePipeline = join(repoRoot, 'projects/pipelines/example-pipeline-1');

const harness = useRenderServer('v1', 'kfp-render-test-');

function pipelineFolder(name: string, from = examplePipeline): string {
  const dir = join(harness.dir, name);
  cpSync(from, dir, { recursive: true, filter: (src) => !src.includes('RENDERED_PIPELINE') });
  return dir;
}

const job = (dir: string, extra: Partial<RenderJob> = {}) => renderJob('v1', harness.dir, dir, extra);

test('first render writes workflow.yaml, one params file per parameter default and the digest', async () => {
  const dir = pipelineFolder('example');
  const result = await renderPipeline(harness.server, job(dir), { check: false });
  expect(result.status).toBe('written');
  const out = join(dir, 'RENDERED_PIPELINE');
  expect(readFileSync(join(out, 'workflow.yaml'), 'utf8')).toMatch(/^apiVersion: argoproj.io\/v1alpha1\nkind: Workflow\n/);
  expect(readdirSync(join(out, 'params'))).toEqual(['custom_message']);
  expect(readFileSync(join(out, 'params/custom_message'), 'utf8')).toBe('Hello world!\n'.repeat(3));
  expect(readFileSync(join(out, '.kfp-digest'), 'utf8')).toBe(`${result.digest}\n`);
  expect(result.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
}, 60_000);

test('an unchanged pipeline re-renders without touching a single file, and --check passes', async () => {
  const dir = pipelineFolder('example');
  await renderPipeline(harness.server, job(dir), { check: false });
  const before = snapshot(join(dir, 'RENDERED_PIPELINE'));
  await new Promise((r) => setTimeout(r, 20));
  expect((await renderPipeline(harness.server, job(dir), { check: false })).status).toBe('unchanged');
  expect((await renderPipeline(harness.server, job(dir), { check: true })).status).toBe('unchanged');
  expect(snapshot(join(dir, 'RENDERED_PIPELINE'))).toEqual(before);
}, 60_000);

test('--check reports a stale render with what differs and writes nothing', async () => {
  const dir = pipelineFolder('example');
  await renderPipeline(harness.server, job(dir), { check: false });
  const before = snapshot(join(dir, 'RENDERED_PIPELINE'));
  const script = join(dir, 'pipeline.py');
  writeFileSync(script, readFileSync(script, 'utf8').replace('"Hello world!\\n" * 3', '"Bonjour!"').replace('python:3.10-slim', 'python:3.11-slim'));
  const result = await renderPipeline(harness.server, job(dir), { check: true });
  expect(result.status).toBe('stale');
  if (result.status !== 'stale') return;
  expect(result.comparison?.params.changed).toEqual(['custom_message']);
  expect(result.diff).toContain('params/custom_message differs');
  expect(result.diff).toContain('-Hello world!');
  expect(result.diff).toContain('+Bonjour!');
  expect(result.diff).toMatch(/-\s+image: python:3.10-slim\n[\s\S]*\+\s+image: python:3.11-slim/);
  expect(snapshot(join(dir, 'RENDERED_PIPELINE'))).toEqual(before);
}, 60_000);

test('the compile time and SDK version annotations are ignored in the comparison', async () => {
  const dir = pipelineFolder('example');
  await renderPipeline(harness.server, job(dir), { check: false });
  const file = join(dir, 'RENDERED_PIPELINE/workflow.yaml');
  const text = readFileSync(file, 'utf8');
  const edited = text
    .replace(/pipeline_compilation_time: '[^']*'/, "pipeline_compilation_time: '2001-01-01T00:00:00.000000'")
    .replace(/kfp_sdk_version: 1\.8\.22/g, 'kfp_sdk_version: 1.8.0');
  expect(edited).not.toBe(text);
  writeFileSync(file, edited);
  expect((await renderPipeline(harness.server, job(dir), { check: true })).status).toBe('unchanged');
  expect(readFileSync(file, 'utf8')).toBe(edited);
}, 60_000);

test('a pipeline that is not deterministic is reported with the differing lines, and nothing is written', async () => {
  const dir = pipelineFolder('clock');
  const script = join(dir, 'pipeline.py');
  writeFileSync(
    script,
    readFileSync(script, 'utf8').replace('def example_pipeline(custom_message: str = "Hello world!\\n" * 3):', 'import time\n\n@dsl.pipeline(name="clock")\ndef example_pipeline(custom_message: str = str(time.time_ns())):').replace('@dsl.pipeline(name="example-pipeline-1", description="Prints a custom message with the time the run started.")\n', ''),
  );
  const error = await renderPipeline(harness.server, job(dir), { check: false }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RenderError);
  expect((error as Error).message).toContain('clock: the pipeline is not deterministic');
  expect((error as Error).message).toMatch(/params\/custom_message differs/);
  expect((error as Error).message).toMatch(/-\d{15,}\n\s+\+\d{15,}/);
  expect(() => readdirSync(join(dir, 'RENDERED_PIPELINE'))).toThrow();
}, 60_000);

test('a pipeline that stops being deterministic after its render was committed is caught, and the committed render is kept', async () => {
  const dir = pipelineFolder('drifting');
  await renderPipeline(harness.server, job(dir), { check: false });
  const before = snapshot(join(dir, 'RENDERED_PIPELINE'));
  const script = join(dir, 'pipeline.py');
  writeFileSync(script, readFileSync(script, 'utf8').replace('"Hello world!\\n" * 3', 'str(__import__("time").time_ns())'));
  for (const check of [false, true]) {
    const error = await renderPipeline(harness.server, job(dir), { check }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RenderError);
    expect((error as Error).message).toContain('drifting: the pipeline is not deterministic');
  }
  expect(snapshot(join(dir, 'RENDERED_PIPELINE'))).toEqual(before);
}, 60_000);

test('a fresh pipeline is caught when a module it imports varies: each of the two compiles imports it anew', async () => {
  const dir = pipelineFolder('imported');
  writeFileSync(join(dir, 'defaults.py'), 'import random\nMESSAGE = f"run {random.random()}"\n');
  const script = join(dir, 'pipeline.py');
  writeFileSync(script, readFileSync(script, 'utf8').replace('"Hello world!\\n" * 3', '__import__("defaults").MESSAGE'));
  const error = await renderPipeline(harness.server, job(dir), { check: false }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RenderError);
  expect((error as Error).message).toContain('imported: the pipeline is not deterministic');
  expect((error as Error).message).toMatch(/-run 0\.\d+\n\s+\+run 0\.\d+/);
  expect(() => readdirSync(join(dir, 'RENDERED_PIPELINE'))).toThrow();
}, 60_000);

test('failures name the pipeline and keep the committed output untouched', async () => {
  const dir = pipelineFolder('broken');
  await renderPipeline(harness.server, job(dir), { check: false });
  const before = snapshot(join(dir, 'RENDERED_PIPELINE'));
  const script = join(dir, 'pipeline.py');
  const original = readFileSync(script, 'utf8');

  writeFileSync(script, original.replace('def main():', 'def main():\n    raise RuntimeError("boom in the definition")'));
  let error = (await renderPipeline(harness.server, job(dir), { check: false }).catch((e: unknown) => e)) as RenderError;
  expect(error.message).toContain('broken: broken/pipeline.py exited with code 1');
  expect(error.message).not.toContain('kfp_render_server.py');
  expect(error.message).toContain('RuntimeError: boom in the definition');

  writeFileSync(script, 'import sys\nsys.exit(3)\n');
  error = (await renderPipeline(harness.server, job(dir), { check: false }).catch((e: unknown) => e)) as RenderError;
  expect(error.message).toContain('exited with code 3');

  writeFileSync(script, 'print("forgot to compile")\n');
  error = (await renderPipeline(harness.server, job(dir), { check: false }).catch((e: unknown) => e)) as RenderError;
  expect(error.message).toContain('wrote no workflow.yaml');
  expect(error.message).toContain('forgot to compile');

  writeFileSync(script, 'import os, sys\nout = sys.argv[2]\nos.makedirs(out)\nopen(os.path.join(out, "workflow.yaml"), "w").write("kind: Pod\\napiVersion: v1\\n")\n');
  error = (await renderPipeline(harness.server, job(dir), { check: false }).catch((e: unknown) => e)) as RenderError;
  expect(error.message).toMatch(/broken: .*not an Argo Workflow: apiVersion is "v1"/);

  expect(snapshot(join(dir, 'RENDERED_PIPELINE'))).toEqual(before);
}, 60_000);

test('a render that embeds the checkout path is rejected: it would differ in every other clone', async () => {
  const dir = pipelineFolder('absolute');
  const script = join(dir, 'pipeline.py');
  writeFileSync(script, readFileSync(script, 'utf8').replace('load_component_from_file("example_component.yaml")', 'load_component_from_file(os.path.abspath("example_component.yaml"))'));
  const error = (await renderPipeline(harness.server, job(dir), { check: false }).catch((e: unknown) => e)) as RenderError;
  expect(error).toBeInstanceOf(RenderError);
  expect(error.message).toContain(`absolute: the rendered workflow.yaml contains the absolute path of this checkout (${harness.dir})`);
  expect(error.message).toContain('/absolute/example_component.yaml');
  expect(() => readdirSync(join(dir, 'RENDERED_PIPELINE'))).toThrow();
}, 60_000);

test('a v1 pipeline whose script writes a v2 pipeline.yaml is told to declare sdk: v2', async () => {
  const ir = readFileSync(join(repoRoot, 'packages/kfp-emulator/test/fixtures/v2/typed-pipeline.yaml'), 'utf8');
  const dir = pipelineFolder('v2-output');
  writeFileSync(join(dir, 'pipeline.py'), `import os, sys\nout = sys.argv[2]\nos.makedirs(out)\nopen(os.path.join(out, "pipeline.yaml"), "w").write(${JSON.stringify(ir)})\n`);
  const error = (await renderPipeline(harness.server, job(dir), { check: false }).catch((e: unknown) => e)) as RenderError;
  expect(error).toBeInstanceOf(RenderError);
  expect(error.message).toContain(
    'v2-output: v2-output/pipeline.py wrote pipeline.yaml, a KFP v2 pipeline (the pipeline IR), but the pipeline is sdk: v1 (the default when kfp-pipeline.yaml sets no sdk), whose renders are workflow.yaml, a KFP v1 Argo Workflow. Either declare sdk: v2 in kfp-pipeline.yaml, or compile the pipeline with the v1 SDK into workflow.yaml.',
  );
}, 60_000);

test('pipelines are isolated: same module names in different folders, rendered concurrently', async () => {
  const make = (name: string, image: string) => {
    const dir = join(harness.dir, name);
    mkdirSync(dir);
    writeFileSync(join(dir, 'steps.py'), `IMAGE = "${image}"\n`);
    writeFileSync(
      join(dir, 'pipeline.py'),
      [
        'import os, sys',
        'from kfp import compiler, dsl',
        'import steps',
        `@dsl.pipeline(name="${name}")`,
        'def p():',
        '    dsl.ContainerOp(name="main", image=steps.IMAGE, command=["true"])',
        'out = sys.argv[sys.argv.index("--output-folder") + 1]',
        'os.makedirs(out, exist_ok=True)',
        'compiler.Compiler().compile(p, os.path.join(out, "workflow.yaml"))',
      ].join('\n'),
    );
    return dir;
  };
  const a = make('alpha', 'alpine:3.19');
  const b = make('beta', 'busybox:1.36');
  await Promise.all([renderPipeline(harness.server, job(a), { check: false }), renderPipeline(harness.server, job(b), { check: false })]);
  expect(readFileSync(join(a, 'RENDERED_PIPELINE/workflow.yaml'), 'utf8')).toContain('image: alpine:3.19');
  expect(readFileSync(join(b, 'RENDERED_PIPELINE/workflow.yaml'), 'utf8')).toContain('image: busybox:1.36');
  expect(readdirSync(a)).not.toContain('__pycache__');
}, 60_000);
