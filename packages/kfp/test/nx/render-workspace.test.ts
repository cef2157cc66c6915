import { createFixtureWorkspace, expectOk, type FixtureWorkspace } from '../support/fixture-workspace';

// The real Nx CLI in a git-initialised fixture workspace: inference, batched
// render, caching, affected and the generators, end to end.
jest.setTimeout(240_000);

let ws: FixtureWorkspace;

beforeAll(() => {
  ws = createFixtureWorkspace({ pluginOptions: { sharedPythonPaths: ['libs/python'] } });
  const noRendered = (from: string, to: string) => ws.copyFromRepo(from, to);
  noRendered('projects/pipelines/example-pipeline-1/pipeline.py', 'pipelines/example-pipeline-1/pipeline.py');
  noRendered('projects/pipelines/example-pipeline-1/example_component.yaml', 'pipelines/example-pipeline-1/example_component.yaml');
  noRendered('projects/pipelines/training-pipeline/pipeline.py', 'pipelines/training-pipeline/pipeline.py');
  noRendered('projects/pipelines/training-pipeline/kfp-pipeline.yaml', 'pipelines/training-pipeline/kfp-pipeline.yaml');
  noRendered('projects/common_python/kfp_common/__init__.py', 'libs/python/kfp_common/__init__.py');
  ws.write(
    'pipelines/standalone/pipeline.py',
    [
      'import argparse, os',
      'from kfp import compiler, dsl',
      '',
      '@dsl.pipeline(name="standalone")',
      'def standalone(greeting: str = "hi"):',
      '    dsl.ContainerOp(name="echo", image="alpine:3.19", command=["echo", greeting])',
      '',
      'parser = argparse.ArgumentParser()',
      'parser.add_argument("--output-folder", required=True)',
      'out = parser.parse_args().output_folder',
      'os.makedirs(out, exist_ok=True)',
      'compiler.Compiler().compile(standalone, os.path.join(out, "workflow.yaml"))',
      '',
    ].join('\n'),
  );
  ws.commit('pipelines');
});
afterAll(() => ws?.dispose());

function showProject(name: string): { targets: Record<string, { inputs: unknown[]; outputs: string[]; options: Record<string, unknown>; metadata: { description: string } }> } {
  return JSON.parse(expectOk(ws.nx(['show', 'project', name, '--json']), `show project ${name}`).stdout);
}

test('every pipeline folder is an inferred project with render and run targets', () => {
  const projects = JSON.parse(expectOk(ws.nx(['show', 'projects', '--json']), 'show projects').stdout) as string[];
  expect(projects.sort()).toEqual(['example-pipeline-1', 'standalone', 'training-pipeline']);

  const training = showProject('training-pipeline').targets.render;
  expect(training.outputs).toEqual(['{projectRoot}/RENDERED_PIPELINE_dev', '{projectRoot}/RENDERED_PIPELINE_prod']);
  expect(training.inputs).toContain('{workspaceRoot}/libs/python/**/*');
  expect(training.inputs).toContain('!{projectRoot}/RENDERED_PIPELINE*/**/*');
  expect(training.options.variants).toEqual({ dev: { args: ['--environment', 'dev'] }, prod: { args: ['--environment', 'prod'] } });
  expect(training.metadata.description).toContain('RENDERED_PIPELINE_dev, RENDERED_PIPELINE_prod');

  const standalone = showProject('standalone').targets;
  expect(standalone.render.inputs).not.toContain('{workspaceRoot}/libs/python/**/*');
  expect(standalone.render.outputs).toEqual(['{projectRoot}/RENDERED_PIPELINE']);
  expect(Object.keys(standalone)).toEqual(expect.arrayContaining(['render', 'run']));
});

test('a project.json in a pipeline folder overrides what is inferred', () => {
  ws.write('pipelines/standalone/project.json', JSON.stringify({ tags: ['team:ml'], targets: { render: { options: { timeout: 42 } } } }));
  const project = JSON.parse(expectOk(ws.nx(['show', 'project', 'standalone', '--json']), 'show project').stdout);
  expect(project.targets.render.options.timeout).toBe(42);
  expect(project.targets.render.executor).toBe('kfp:render');
  expect(project.tags).toEqual(expect.arrayContaining(['kfp:pipeline', 'team:ml']));
  ws.remove('pipelines/standalone/project.json');
});

test('run-many renders every pipeline in one batch and writes the rendered folders', () => {
  const result = expectOk(ws.nx(['run-many', '-t', 'render', '--output-style=static']), 'render');
  expect(result.output).toContain('Running 3 tasks with kfp:render');
  // One header and one result line per task, as Nx prints for any task.
  for (const project of ['example-pipeline-1', 'standalone', 'training-pipeline']) {
    expect({ project, headers: result.output.split('\n').filter((l) => l.includes(`nx run ${project}:render`)).length }).toEqual({ project, headers: 1 });
  }
  for (const folder of ['example-pipeline-1/RENDERED_PIPELINE', 'standalone/RENDERED_PIPELINE', 'training-pipeline/RENDERED_PIPELINE_dev', 'training-pipeline/RENDERED_PIPELINE_prod']) {
    expect(ws.read(`pipelines/${folder}/workflow.yaml`)).toMatch(/^apiVersion: argoproj.io\/v1alpha1/);
    expect(ws.read(`pipelines/${folder}/.kfp-digest`)).toMatch(/^sha256:[0-9a-f]{64}\n$/);
  }
  expect(ws.read('pipelines/training-pipeline/RENDERED_PIPELINE_prod/params/epochs')).toBe('20');
  expect(ws.read('pipelines/training-pipeline/RENDERED_PIPELINE_dev/params/epochs')).toBe('1');
  expect(ws.read('pipelines/standalone/RENDERED_PIPELINE/params/greeting')).toBe('hi');
  ws.commit('rendered');
});

test('re-rendering unchanged pipelines writes nothing: git stays clean', () => {
  expectOk(ws.nx(['run-many', '-t', 'render', '--skip-nx-cache']), 'render again');
  expect(ws.status()).toBe('');
  expectOk(ws.nx(['run-many', '-t', 'render', '--check', '--skip-nx-cache']), 'render --check');
});

test('a second run-many is served from the Nx cache', () => {
  expectOk(ws.nx(['run-many', '-t', 'render']), 'warm the cache');
  const result = expectOk(ws.nx(['run-many', '-t', 'render', '--output-style=static']), 'render from cache');
  expect(result.output).toMatch(/3\/3 hit|Nx read the output from the cache instead of running the command for 3 out of 3 tasks/);
});

test('affected selects only the changed pipeline, and --check fails on its stale output', () => {
  const file = 'pipelines/example-pipeline-1/pipeline.py';
  ws.write(file, ws.read(file).replace('"Hello world!\\n" * 3', '"Hello affected world!"'));
  ws.commit('change example-pipeline-1');

  const affected = expectOk(ws.nx(['show', 'projects', '--affected', '--base=HEAD~1', '--head=HEAD', '-t', 'render', '--json']), 'affected projects');
  expect(JSON.parse(affected.stdout)).toEqual(['example-pipeline-1']);

  const check = ws.nx(['affected', '-t', 'render', '--check', '--base=HEAD~1', '--head=HEAD', '--output-style=static']);
  expect(check.code).not.toBe(0);
  expect(check.output).toContain('example-pipeline-1: pipelines/example-pipeline-1/RENDERED_PIPELINE is stale: run "nx run example-pipeline-1:render" and commit the result.');
  expect(check.output).toContain('+Hello affected world!');
  expect(check.output).not.toMatch(/training-pipeline:render|standalone:render/);
  expect(ws.status()).toBe('');

  expectOk(ws.nx(['affected', '-t', 'render', '--base=HEAD~1', '--head=HEAD']), 'render affected');
  expect(ws.read('pipelines/example-pipeline-1/RENDERED_PIPELINE/params/custom_message')).toBe('Hello affected world!');
  expect(ws.status()).toBe('M pipelines/example-pipeline-1/RENDERED_PIPELINE/.kfp-digest\n M pipelines/example-pipeline-1/RENDERED_PIPELINE/params/custom_message\n M pipelines/example-pipeline-1/RENDERED_PIPELINE/workflow.yaml'.trim());
  ws.commit('re-render example-pipeline-1');
});

test('a change to shared Python code selects exactly the pipelines that import it', () => {
  const file = 'libs/python/kfp_common/__init__.py';
  ws.write(file, ws.read(file).replace('memory="8Gi"', 'memory="16Gi"'));
  ws.commit('bigger prod training');
  const affected = expectOk(ws.nx(['show', 'projects', '--affected', '--base=HEAD~1', '--head=HEAD', '-t', 'render', '--json']), 'affected projects');
  expect(JSON.parse(affected.stdout)).toEqual(['training-pipeline']);
});

test('a broken pipeline fails with a message naming it, and its committed output is untouched', () => {
  const file = 'pipelines/standalone/pipeline.py';
  ws.write(file, ws.read(file).replace('@dsl.pipeline', 'raise ValueError("misconfigured pipeline")\n@dsl.pipeline'));
  const result = ws.nx(['run', 'standalone:render', '--output-style=static']);
  expect(result.code).not.toBe(0);
  expect(result.output).toContain('standalone: pipelines/standalone/pipeline.py exited with code 1.');
  expect(result.output).toContain('ValueError: misconfigured pipeline');
  expect(ws.status()).toBe('M pipelines/standalone/pipeline.py');
  ws.git(['checkout', '--', file]);
});

test('nx g kfp:pipeline scaffolds a pipeline whose render --check passes immediately', () => {
  const gen = expectOk(ws.nx(['g', 'kfp:pipeline', 'fresh', '--variants=dev,prod']), 'generate');
  expect(gen.output).toContain('CREATE pipelines/fresh/pipeline.py');
  expect(ws.read('pipelines/fresh/RENDERED_PIPELINE_prod/workflow.yaml')).toContain('generateName: fresh-prod-');
  expectOk(ws.nx(['run', 'fresh:render', '--check']), 'render --check of the new pipeline');
  const dryRun = expectOk(ws.nx(['g', 'kfp:pipeline', 'other', '--dry-run']), 'dry run');
  expect(dryRun.output).toContain('CREATE pipelines/other/pipeline.py');
  expect(ws.exists('pipelines/other')).toBe(false);
});
