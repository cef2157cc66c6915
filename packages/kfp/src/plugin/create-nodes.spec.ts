import { AggregateCreateNodesError, type CreateNodesContext } from '@nx/devkit';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { resetWorkspaceContext, workspaceDataDirectory } from '@nx/devkit/internal';
import { createNodes, projectMarkers } from './create-nodes';
import { SDK_ENVIRONMENTS } from '../python/sdk-environment';
import { interpreterRuntimeInput } from './pipeline-targets';
import type { PluginOptions } from './options';

let root: string;
const write = (path: string, text = '') => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};
const context = (): CreateNodesContext => ({ workspaceRoot: root, nxJsonConfiguration: {} });

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'kfp-create-nodes-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

test('the glob matches pipeline and team markers only', () => {
  expect(createNodes[0]).toBe('**/{pipeline.py,kfp-pipeline.yaml,experiments.yaml,recurring_runs.yaml,kfp-team.yaml}');
});

test('one marker per folder; the workspace root is never a project', () => {
  const markers = projectMarkers(['pipeline.py', 'p/a/pipeline.py', 'p/a/kfp-pipeline.yaml', 't/x/recurring_runs.yaml', 't/x/experiments.yaml']);
  expect([...markers]).toEqual([
    ['p/a', { kind: 'pipeline', file: 'p/a/kfp-pipeline.yaml', files: ['p/a/kfp-pipeline.yaml', 'p/a/pipeline.py'] }],
    ['t/x', { kind: 'team', file: 't/x/experiments.yaml', files: ['t/x/experiments.yaml', 't/x/recurring_runs.yaml'] }],
  ]);
});

test('pipelines and teams become projects named after their folders', async () => {
  write('pipelines/alpha/pipeline.py', 'from shared_mod import x\n');
  write('pipelines/beta/pipeline.py');
  write('pipelines/beta/kfp-pipeline.yaml', 'variants:\n  dev: {args: ["--env", "dev"]}\n  prod: {args: ["--env", "prod"]}\n');
  write('shared/shared_mod.py');
  write('teams/team-1/recurring_runs.yaml', 'recurring_runs: []\n');
  const files = ['pipelines/alpha/pipeline.py', 'pipelines/beta/pipeline.py', 'pipelines/beta/kfp-pipeline.yaml', 'teams/team-1/recurring_runs.yaml'];
  const results = await createNodes[1](files, { sharedPythonPaths: ['shared'], renderTargetName: 'compile' }, context());
  const projects = Object.fromEntries(results.flatMap(([, r]) => Object.entries(r.projects ?? {})));
  expect(Object.keys(projects).sort()).toEqual(['pipelines/alpha', 'pipelines/beta', 'teams/team-1']);

  const alpha = projects['pipelines/alpha'];
  expect(alpha.name).toBe('alpha');
  expect(alpha.tags).toEqual(['kfp:pipeline']);
  expect(Object.keys(alpha.targets ?? {})).toEqual(['compile', 'run']);
  expect(alpha.targets?.compile.inputs).toEqual([
    '{projectRoot}/**/*',
    '!{projectRoot}/RENDERED_PIPELINE*/**/*',
    '{workspaceRoot}/shared/**/*',
    '{workspaceRoot}/requirements.txt',
    interpreterRuntimeInput(undefined),
  ]);
  expect(alpha.targets?.compile.outputs).toEqual(['{projectRoot}/RENDERED_PIPELINE']);
  expect(alpha.targets?.compile.cache).toBe(true);
  expect(alpha.targets?.run.cache).toBe(false);

  const beta = projects['pipelines/beta'];
  expect(beta.targets?.compile.outputs).toEqual(['{projectRoot}/RENDERED_PIPELINE_dev', '{projectRoot}/RENDERED_PIPELINE_prod']);
  expect(beta.targets?.compile.inputs).not.toContain('{workspaceRoot}/shared/**/*');
  expect(beta.targets?.compile.options.variants).toEqual({ dev: { args: ['--env', 'dev'] }, prod: { args: ['--env', 'prod'] } });
  expect(beta.targets?.run.options.variant).toBe('dev');
  expect(beta.namedInputs).toEqual({ kfpRenderedOutput: ['{projectRoot}/RENDERED_PIPELINE_dev/**/*', '{projectRoot}/RENDERED_PIPELINE_prod/**/*'] });

  const team = projects['teams/team-1'];
  expect(team.name).toBe('team-1');
  expect(team.tags).toEqual(['kfp:team']);
  expect(Object.keys(team.targets ?? {})).toEqual(['validate', 'plan', 'reconcile']);
  expect(team.targets?.plan.options).toEqual({ dryRun: true });
  expect(team.targets?.validate.inputs).toContain('^kfpRenderedOutput');
});

test('a v2 pipeline is keyed on the v2 environment: its requirements file and its interpreter (KFP_PYTHON_V2, else the option)', async () => {
  write('pipelines/typed/pipeline.py');
  write('pipelines/typed/kfp-pipeline.yaml', 'sdk: v2\n');
  write('pipelines/classic/pipeline.py');
  const files = ['pipelines/typed/pipeline.py', 'pipelines/typed/kfp-pipeline.yaml', 'pipelines/classic/pipeline.py'];
  const results = await createNodes[1](files, { pythonV2: 'envs/kfp2/bin/python', requirementsFileV2: 'python/kfp2.txt' }, context());
  const projects = Object.fromEntries(results.flatMap(([, r]) => Object.entries(r.projects ?? {})));
  const typed = projects['pipelines/typed'].targets!;
  expect(typed.render.inputs).toEqual([
    '{projectRoot}/**/*',
    '!{projectRoot}/RENDERED_PIPELINE*/**/*',
    '{workspaceRoot}/python/kfp2.txt',
    interpreterRuntimeInput('envs/kfp2/bin/python', SDK_ENVIRONMENTS.v2),
  ]);
  expect(interpreterRuntimeInput('envs/kfp2/bin/python', SDK_ENVIRONMENTS.v2).runtime).toMatch(/^"\$\{KFP_PYTHON_V2:-envs\/kfp2\/bin\/python\}" -c /);
  expect(typed.render.options).toMatchObject({ sdk: 'v2', python: 'envs/kfp2/bin/python' });
  expect(typed.run.options).toEqual({ python: 'envs/kfp2/bin/python' });
  // The v1 pipeline beside it keeps the v1 environment: no v1 interpreter option, so none is set.
  const classic = projects['pipelines/classic'].targets!;
  expect(classic.render.inputs).toContain('{workspaceRoot}/requirements.txt');
  expect(classic.render.inputs).toContainEqual(interpreterRuntimeInput(undefined));
  expect(classic.render.options).toMatchObject({ sdk: 'v1' });
  expect(classic.render.options.python).toBeUndefined();
});

/** The per-file errors Nx prints when inference fails. */
async function inferenceErrors(files: string[]): Promise<Array<[string | null, string]>> {
  const error = (await Promise.resolve(createNodes[1](files, {}, context())).catch((e: unknown) => e)) as AggregateCreateNodesError;
  expect(error).toBeInstanceOf(AggregateCreateNodesError);
  return error.errors.map(([file, e]) => [file, e.message]);
}

test('a bad kfp-pipeline.yaml fails inference for that folder with the file, line and key', async () => {
  write('pipelines/bad/pipeline.py');
  write('pipelines/bad/kfp-pipeline.yaml', 'variants:\n  dev:\n    arguments: []\n');
  write('pipelines/good/pipeline.py');
  const files = ['pipelines/bad/pipeline.py', 'pipelines/bad/kfp-pipeline.yaml', 'pipelines/good/pipeline.py'];
  expect(await inferenceErrors(files)).toEqual([['pipelines/bad/kfp-pipeline.yaml', 'pipelines/bad/kfp-pipeline.yaml:3:5 error variants.dev.arguments: unknown key "arguments"; allowed keys: args']]);
});

test('bad plugin options fail inference with a readable message', async () => {
  await expect(Promise.resolve(createNodes[1]([], { renderTimeout: 'soon' } as unknown as PluginOptions, context()))).rejects.toThrow('Invalid options for the "kfp" plugin in nx.json');
});

test('a folder that is both a pipeline and a team is rejected', async () => {
  write('mixed/pipeline.py');
  write('mixed/experiments.yaml', 'experiments: []\n');
  const [[file, message]] = await inferenceErrors(['mixed/pipeline.py', 'mixed/experiments.yaml']);
  expect(file).toBe('mixed/pipeline.py');
  expect(message).toContain('mixed holds both a pipeline (pipeline.py) and team configuration (experiments.yaml)');
});

test('a pipeline inferred again after its files change is inferred anew, not served from the cache', async () => {
  write('pipelines/alpha/pipeline.py');
  write('pipelines/alpha/kfp-pipeline.yaml', 'variants:\n  dev: {}\n');
  write('shared/shared_mod.py');
  const files = ['pipelines/alpha/pipeline.py', 'pipelines/alpha/kfp-pipeline.yaml'];
  const infer = async () => {
    const [[, result]] = await createNodes[1](files, { sharedPythonPaths: ['shared'] }, context());
    const render = result.projects!['pipelines/alpha'].targets!.render;
    return { outputs: render.outputs, inputs: render.inputs!.filter((i) => typeof i === 'string' && i.includes('shared')) };
  };
  expect(await infer()).toEqual({ outputs: ['{projectRoot}/RENDERED_PIPELINE_dev'], inputs: [] });
  const cached = readdirSync(workspaceDataDirectory).filter((f) => /^kfp-.*\.hash$/.test(f)).map((f) => readFileSync(join(workspaceDataDirectory, f), 'utf8'));
  expect(cached.some((text) => text.includes(':pipelines/alpha"') && text.includes('RENDERED_PIPELINE_dev'))).toBe(true);
  expect(await infer()).toEqual({ outputs: ['{projectRoot}/RENDERED_PIPELINE_dev'], inputs: [] });
  write('pipelines/alpha/kfp-pipeline.yaml', 'variants:\n  dev: {}\n  prod: {}\n');
  write('pipelines/alpha/pipeline.py', 'import shared_mod\n');
  // A new Nx process (or the daemon, which watches files) sees the new file hashes.
  resetWorkspaceContext();
  expect(await infer()).toEqual({ outputs: ['{projectRoot}/RENDERED_PIPELINE_dev', '{projectRoot}/RENDERED_PIPELINE_prod'], inputs: ['{workspaceRoot}/shared/**/*'] });
});
