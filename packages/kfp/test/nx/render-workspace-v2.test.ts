import { join } from 'node:path';
import { createFixtureWorkspace, expectOk, REPO_PYTHON_V2, REPO_ROOT, type FixtureWorkspace } from '../support/fixture-workspace';
import { SDK_ENVIRONMENTS } from '../../src/python/sdk-environment';
import { interpreterRuntimeInput } from '../../src/plugin/pipeline-targets';

// v1 and v2 pipelines side by side in one workspace, through the real Nx CLI:
// inference per SDK, a mixed batch (one warm server per SDK), caching,
// affected by each SDK's requirements file, --check, and the v2 generator.
jest.setTimeout(300_000);

const V2_PIPELINE = `import argparse, os
from kfp import compiler, dsl, kubernetes

@dsl.component(base_image="python:3.11-slim")
def train(epochs: int, rate: float, shuffle: bool, layers: list) -> str:
    return f"{epochs} {rate} {shuffle} {layers}"

@dsl.pipeline(name="typed-v2")
def pipeline(epochs: int = 3, rate: float = 0.5, shuffle: bool = False, layers: list = [8, 4], label: str = "first"):
    task = train(epochs=epochs, rate=rate, shuffle=shuffle, layers=layers)
    kubernetes.use_secret_as_env(task, secret_name="db", secret_key_to_env={"password": "DB_PASSWORD"})

parser = argparse.ArgumentParser()
parser.add_argument("--output-folder", required=True)
out = parser.parse_args().output_folder
os.makedirs(out, exist_ok=True)
compiler.Compiler().compile(pipeline, os.path.join(out, "pipeline.yaml"))
`;

let ws: FixtureWorkspace;

beforeAll(() => {
  ws = createFixtureWorkspace({ pluginOptions: { pythonV2: REPO_PYTHON_V2 } });
  ws.copyFromRepo('packages/kfp/python/requirements.txt', 'requirements.txt');
  ws.copyFromRepo('packages/kfp/python/requirements-v2.txt', 'requirements-v2.txt');
  ws.copyFromRepo('projects/pipelines/example-pipeline-1/pipeline.py', 'pipelines/classic/pipeline.py');
  ws.copyFromRepo('projects/pipelines/example-pipeline-1/example_component.yaml', 'pipelines/classic/example_component.yaml');
  ws.write('pipelines/typed-v2/pipeline.py', V2_PIPELINE);
  ws.write('pipelines/typed-v2/kfp-pipeline.yaml', 'sdk: v2\n');
  ws.write('pipelines/staged-v2/pipeline.py', V2_PIPELINE.replace('parser.add_argument("--output-folder", required=True)', 'parser.add_argument("--output-folder", required=True)\nparser.add_argument("--stage", required=True)').replace('"typed-v2"', '"staged-v2"'));
  ws.write('pipelines/staged-v2/kfp-pipeline.yaml', 'sdk: v2\nvariants:\n  dev: {args: ["--stage", "dev"]}\n  prod: {args: ["--stage", "prod"]}\n');
  ws.commit('v1 and v2 pipelines');
});
afterAll(() => ws?.dispose());

type Target = { inputs: unknown[]; outputs: string[]; options: Record<string, unknown>; metadata: { description: string } };
function renderTargetOf(name: string): Target {
  return JSON.parse(expectOk(ws.nx(['show', 'project', name, '--json']), `show project ${name}`).stdout).targets.render;
}

test('each pipeline is keyed on the environment of its own SDK', () => {
  const v2 = renderTargetOf('typed-v2');
  expect(v2.options).toMatchObject({ sdk: 'v2', python: REPO_PYTHON_V2 });
  expect(v2.inputs).toEqual(expect.arrayContaining(['{workspaceRoot}/requirements-v2.txt', interpreterRuntimeInput(REPO_PYTHON_V2, SDK_ENVIRONMENTS.v2)]));
  expect(v2.inputs).not.toContain('{workspaceRoot}/requirements.txt');
  expect(v2.inputs).not.toContainEqual({ env: 'KFP_PYTHON' });
  expect(v2.metadata.description).toContain('Render the KFP v2 pipeline pipeline.py into RENDERED_PIPELINE');

  const v1 = renderTargetOf('classic');
  expect(v1.options).toMatchObject({ sdk: 'v1', python: join(REPO_ROOT, '.venv/bin/python') });
  expect(v1.inputs).toEqual(expect.arrayContaining(['{workspaceRoot}/requirements.txt', interpreterRuntimeInput(join(REPO_ROOT, '.venv/bin/python'))]));
  expect(v1.inputs).not.toContain('{workspaceRoot}/requirements-v2.txt');
  expect(renderTargetOf('staged-v2').outputs).toEqual(['{projectRoot}/RENDERED_PIPELINE_dev', '{projectRoot}/RENDERED_PIPELINE_prod']);
});

test('one run-many renders v1 and v2 pipelines in one batch, each with its SDK', () => {
  const result = expectOk(ws.nx(['run-many', '-t', 'render', '--output-style=static']), 'render');
  expect(result.output).toContain('Running 3 tasks with kfp:render');
  expect(ws.read('pipelines/classic/RENDERED_PIPELINE/workflow.yaml')).toMatch(/^apiVersion: argoproj.io\/v1alpha1/);
  expect(ws.exists('pipelines/classic/RENDERED_PIPELINE/pipeline.yaml')).toBe(false);
  for (const folder of ['typed-v2/RENDERED_PIPELINE', 'staged-v2/RENDERED_PIPELINE_dev', 'staged-v2/RENDERED_PIPELINE_prod']) {
    const text = ws.read(`pipelines/${folder}/pipeline.yaml`);
    expect(text).toContain('\nschemaVersion: 2.1.0\nsdkVersion: kfp-2.8.0\n---\nplatforms:\n');
    expect(ws.read(`pipelines/${folder}/.kfp-digest`)).toMatch(/^sha256:[0-9a-f]{64}\n$/);
    expect(ws.exists(`pipelines/${folder}/workflow.yaml`)).toBe(false);
  }
  const params = (name: string) => ws.read(`pipelines/typed-v2/RENDERED_PIPELINE/params/${name}`);
  expect([params('epochs'), params('rate'), params('shuffle'), params('layers'), params('label')]).toEqual(['3', '0.5', 'false', '[8,4]', 'first']);
  ws.commit('rendered');

  expectOk(ws.nx(['run-many', '-t', 'render', '--skip-nx-cache']), 'render again');
  expect(ws.status()).toBe('');
  expectOk(ws.nx(['run-many', '-t', 'render', '--check', '--skip-nx-cache']), 'render --check');
  const cached = expectOk(ws.nx(['run-many', '-t', 'render', '--output-style=static']), 'render from cache');
  expect(cached.output).toMatch(/3\/3 hit|Nx read the output from the cache instead of running the command for 3 out of 3 tasks/);
});

test("a change to one SDK's requirements file selects exactly the pipelines of that SDK", () => {
  const affected = () => JSON.parse(expectOk(ws.nx(['show', 'projects', '--affected', '--base=HEAD~1', '--head=HEAD', '-t', 'render', '--json']), 'affected').stdout).sort();
  ws.write('requirements-v2.txt', `${ws.read('requirements-v2.txt')}# a comment is a change\n`);
  ws.commit('touch the v2 requirements');
  expect(affected()).toEqual(['staged-v2', 'typed-v2']);
  ws.write('requirements.txt', `${ws.read('requirements.txt')}# a comment is a change\n`);
  ws.commit('touch the v1 requirements');
  expect(affected()).toEqual(['classic']);
});

test('--check of a changed v2 pipeline fails with its diff; render updates it', () => {
  const file = 'pipelines/typed-v2/pipeline.py';
  ws.write(file, ws.read(file).replace('label: str = "first"', 'label: str = "second"'));
  ws.commit('change typed-v2');
  const check = ws.nx(['affected', '-t', 'render', '--check', '--base=HEAD~1', '--head=HEAD', '--output-style=static']);
  expect(check.code).not.toBe(0);
  expect(check.output).toContain('typed-v2: pipelines/typed-v2/RENDERED_PIPELINE is stale: run "nx run typed-v2:render" and commit the result.');
  expect(check.output).toContain('changed root.inputDefinitions.parameters.label.defaultValue');
  expect(check.output).toMatch(/-\s+defaultValue: first\n\s+\+\s+defaultValue: second/);
  expect(check.output).not.toMatch(/classic:render|staged-v2:render/);
  expect(ws.status()).toBe('');

  expectOk(ws.nx(['run', 'typed-v2:render']), 'render typed-v2');
  expect(ws.read('pipelines/typed-v2/RENDERED_PIPELINE/params/label')).toBe('second');
  expect(ws.status().split('\n').map((line) => line.trim()).sort()).toEqual(['M pipelines/typed-v2/RENDERED_PIPELINE/.kfp-digest', 'M pipelines/typed-v2/RENDERED_PIPELINE/params/label', 'M pipelines/typed-v2/RENDERED_PIPELINE/pipeline.yaml']);
  ws.commit('re-render typed-v2');
});

test('KFP_PYTHON_V2 pointing at a kfp 1.8 interpreter fails the v2 renders with a hint that names it, and leaves v1 alone', () => {
  const result = ws.nx(['run-many', '-t', 'render', '--skip-nx-cache', '--output-style=static'], { KFP_PYTHON_V2: join(REPO_ROOT, '.venv/bin/python') });
  expect(result.code).not.toBe(0);
  expect(result.output).toContain('has kfp 1.8.22, but v2 pipelines are compiled with kfp==2.8.0.');
  expect(result.output).toContain('it comes from the KFP_PYTHON_V2 environment variable');
  expect(result.output).toContain('✔ classic: pipelines/classic/RENDERED_PIPELINE is up to date');
  expect(ws.status()).toBe('');
});

test('nx g kfp:pipeline --sdk=v2 scaffolds a v2 pipeline and renders it at once, so render --check passes', () => {
  const gen = expectOk(ws.nx(['g', 'kfp:pipeline', 'fresh-v2', '--sdk=v2', '--variants=dev,prod']), 'generate');
  expect(gen.output).toContain('CREATE pipelines/fresh-v2/pipeline.py');
  expect(gen.output).toContain('CREATE pipelines/fresh-v2/kfp-pipeline.yaml');
  expect(ws.read('pipelines/fresh-v2/kfp-pipeline.yaml')).toMatch(/^sdk: v2$/m);
  const spec = ws.read('pipelines/fresh-v2/RENDERED_PIPELINE_prod/pipeline.yaml');
  expect(spec).toContain('name: fresh-v2-prod');
  for (const type of ['NUMBER_INTEGER', 'NUMBER_DOUBLE', 'BOOLEAN', 'LIST', 'STRING']) expect(spec).toContain(`parameterType: ${type}`);
  expect(spec).toContain('image: alpine:3.19');
  expect(ws.read('pipelines/fresh-v2/RENDERED_PIPELINE_dev/params/layers')).toBe('[64,32]');
  expectOk(ws.nx(['run', 'fresh-v2:render', '--check']), 'render --check of the new pipeline');
  // init ran first: the workspace now sets up both environments.
  expect(JSON.parse(ws.read('package.json')).scripts['setup:kfp']).toBe('kfp-venv --requirements requirements.txt --requirements requirements-v2.txt --venv .venv-v2');
});
