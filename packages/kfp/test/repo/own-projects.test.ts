import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createFixtureWorkspace, expectOk, nxTestEnvironment, REPO_ROOT, runCommand } from '../support/fixture-workspace';

// This repository dogfoods the plugin: its own pipelines must be rendered and
// up to date, its team folder valid, and `nx g kfp:pipeline` must work here verbatim.
jest.setTimeout(180_000);

const nx = (...args: string[]) =>
  runCommand(process.execPath, [join(REPO_ROOT, 'node_modules/nx/dist/bin/nx.js'), ...args], {
    cwd: REPO_ROOT,
    // The repository's own caches stay untouched: the test works in a cache of its own.
    env: nxTestEnvironment(join(REPO_ROOT, 'tmp/own-projects-test'), { NX_SKIP_NX_CACHE: 'true' }),
  });

test('projects/: every committed render is up to date and team-1 validates', async () => {
  const render = await nx('run-many', '-t', 'render', '--check', '--output-style=static');
  expect({ code: render.code, output: render.code === 0 ? '' : render.output }).toEqual({ code: 0, output: '' });
  expect(render.output).toMatch(/✔ training-pipeline \(prod\): projects\/pipelines\/training-pipeline\/RENDERED_PIPELINE_prod is up to date/);
  const validate = await nx('run', 'team-1:validate', '--output-style=static');
  expect({ code: validate.code, output: validate.code === 0 ? '' : validate.output }).toEqual({ code: 0, output: '' });
});

test('nx g kfp:pipeline <name> (and --sdk=v2) works verbatim here: an inferred project beside the others, rendered, and nothing else changed', () => {
  // A copy of this repository's workspace set-up and projects (the generator writes files, so not the repository itself).
  const repoFile = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');
  const ws = createFixtureWorkspace({ files: { 'nx.json': repoFile('nx.json'), 'package.json': repoFile('package.json'), '.gitignore': repoFile('.gitignore') } });
  try {
    for (const venv of ['.venv', '.venv-v2']) symlinkSync(join(REPO_ROOT, venv), join(ws.root, venv), 'dir');
    for (const path of ['projects', 'packages/kfp/python/requirements.txt', 'packages/kfp/python/requirements-v2.txt']) ws.copyFromRepo(path);
    ws.commit('this repository');
    expectOk(ws.nx(['g', 'kfp:pipeline', 'scratch']), 'nx g kfp:pipeline scratch');
    expect(ws.status()).toBe('?? projects/pipelines/scratch/');
    expect(ws.read('projects/pipelines/scratch/RENDERED_PIPELINE/workflow.yaml')).toContain('generateName: scratch-');
    expectOk(ws.nx(['g', 'kfp:pipeline', 'scratch-v2', '--sdk=v2']), 'nx g kfp:pipeline scratch-v2 --sdk=v2');
    expect(ws.status()).toBe('?? projects/pipelines/scratch-v2/\n?? projects/pipelines/scratch/');
    expect(ws.read('projects/pipelines/scratch-v2/RENDERED_PIPELINE/pipeline.yaml')).toContain('name: scratch-v2');
    expect(JSON.parse(expectOk(ws.nx(['show', 'projects', '--json']), 'show projects').stdout)).toEqual(expect.arrayContaining(['scratch', 'scratch-v2']));
    expectOk(ws.nx(['run-many', '-t', 'render', '--check', '-p', 'scratch', 'scratch-v2']), 'render --check of the new pipelines');
  } finally {
    ws.dispose();
  }
});
