import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from 'kfp-emulator';
import { createKfpClient } from '../../src/connection/create-kfp-client';
import { resolveConnection } from '../../src/connection/resolve-connection';
import { nxTestEnvironment, REPO_PYTHON, REPO_PYTHON_V2, REPO_ROOT, runCommand } from '../support/fixture-workspace';

// The user journey: examples/gitops-workspace copied to a temporary folder, the
// plugin and the emulator installed from their packed npm tarballs, then the
// generators, render, validate and reconcile through the workspace's own Nx.
jest.setTimeout(600_000);

const TOKEN = 'e2e-token';
let root: string;
let emulator: RunningEmulator;

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}, cwd = root) {
  return runCommand(command, args, { cwd, env: nxTestEnvironment(root, { KFP_PYTHON: REPO_PYTHON, KFP_PYTHON_V2: REPO_PYTHON_V2, KFP_TOKEN: TOKEN, ...env }) });
}

async function ok(command: string, args: string[], env?: NodeJS.ProcessEnv, cwd?: string): Promise<string> {
  const result = await run(command, args, env, cwd);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.code}):\n${result.output}`);
  return result.output;
}

const nx = (...args: string[]) => ok(join(root, 'node_modules/.bin/nx'), args);
const git = (...args: string[]) => ok('git', args);

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'kfp-example-e2e-'));
  cpSync(join(REPO_ROOT, 'examples/gitops-workspace'), root, { recursive: true });
  // Install the plugin as a user does: from the packed packages.
  await ok('npm', ['pack', '--silent', '-w', 'packages/kfp', '-w', 'packages/kfp-emulator', '--pack-destination', root], {}, REPO_ROOT);
  const tarballs = readdirSync(root).filter((f) => f.endsWith('.tgz'));
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  for (const tarball of tarballs) pkg.devDependencies[tarball.replace(/-\d+\.\d+\.\d+\.tgz$/, '')] = `file:./${tarball}`;
  writeFileSync(join(root, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  await ok('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error']);
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git('commit', '-q', '-m', 'example workspace');
  emulator = await startEmulator({
    multiUser: { users: [{ name: 'ops@example.com', tokens: [TOKEN], namespaces: ['churn-ops', 'retention-ops'] }] },
  });
});

afterAll(async () => {
  await emulator?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

test('the installed plugin is the packed one, not a link to this repository', () => {
  expect(readFileSync(join(root, 'node_modules/kfp/package.json'), 'utf8')).toContain('"name": "kfp"');
  expect(spawnSync('test', ['-L', join(root, 'node_modules/kfp')]).status).not.toBe(0);
});

test('kfp:init on the example changes nothing: it is what init leaves', async () => {
  await nx('g', 'kfp:init');
  expect((await git('status', '--porcelain')).trim()).toBe('');
  expect(readFileSync(join(root, 'requirements.txt'), 'utf8')).toBe(readFileSync(join(REPO_ROOT, 'packages/kfp/python/requirements.txt'), 'utf8'));
});

test('generators add a pipeline (rendered at once) and a team scheduling it, each beside the projects of its kind', async () => {
  await nx('g', 'kfp:pipeline', 'retention');
  await nx('g', 'kfp:team', 'retention-ops', '--pipeline=retention');
  expect(readFileSync(join(root, 'ml/churn/pipelines/retention/RENDERED_PIPELINE/workflow.yaml'), 'utf8')).toContain('generateName: retention-');
  const projects = JSON.parse((await nx('show', 'projects', '--json')).split('\n').find((l) => l.startsWith('['))!);
  expect(projects.sort()).toEqual(['churn-forecast', 'churn-ops', 'churn-scoring', 'retention', 'retention-ops']);
  await git('add', '-A');
  await git('commit', '-q', '-m', 'retention pipeline and team');
});

test('render --check and validate pass for every project', async () => {
  await nx('run-many', '-t', 'render', '--check');
  expect((await git('status', '--porcelain')).trim()).toBe('');
  await nx('run-many', '-t', 'validate');
});

test('reconcile applies both namespaces, and a second plan has nothing to do', async () => {
  const host = `${emulator.url}/pipeline`;
  await nx('run-many', '-t', 'reconcile', `--host=${host}`);
  const client = await createKfpClient(resolveConnection({ options: { host }, env: { KFP_TOKEN: TOKEN } }));
  const churn = await client.listJobs('churn-ops');
  expect(churn.map((j) => [j.name.replace(/__.*$/, ''), j.enabled, j.trigger.cron?.expression]).sort()).toEqual([
    ['GIT::churn-forecast-weekly', true, '0 0 5 * * MON'],
    ['GIT::churn-scoring-nightly', true, '0 0 2 * * *'],
  ]);
  const retention = await client.listJobs('retention-ops');
  expect(retention.map((j) => [j.name.replace(/__.*$/, ''), j.enabled])).toEqual([['GIT::retention', true]]);
  expect((await client.listExperiments('churn-ops')).map((e) => e.name)).toEqual(['churn']);
  expect(churn.find((j) => j.name.startsWith('GIT::churn-scoring'))!.parameters).toEqual({ model_uri: 'gs://example-churn/models/current' });
  // The v2 recurring run went through v2beta1 with typed values (the defaults of the rest from the IR).
  const forecast = emulator.dump().jobs.find((j) => j.name.startsWith('GIT::churn-forecast-weekly'))!;
  expect(forecast.pipelineSpec.runtimeConfig?.parameters).toMatchObject({ epochs: 20, layers: [128, 64] });

  emulator.clearRequests();
  await nx('run-many', '-t', 'plan', `--host=${host}`, '--detailed-exitcode');
  expect(emulator.requests().filter((r) => r.method !== 'GET')).toEqual([]);
});
