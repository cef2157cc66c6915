import { join } from 'node:path';
import { nxTestEnvironment, REPO_ROOT, runCommand } from '../support/fixture-workspace';

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

test('nx g kfp:pipeline works verbatim in this workspace', async () => {
  const result = await nx('g', 'kfp:pipeline', 'scratch', '--directory=projects/pipelines/scratch', '--dry-run');
  expect(result.code).toBe(0);
  expect(result.output).toContain('CREATE projects/pipelines/scratch/pipeline.py');
  expect(result.output).toContain('CREATE projects/pipelines/scratch/example_component.yaml');
});
