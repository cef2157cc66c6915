import { startEmulator, type RunningEmulator } from 'kfp-emulator';
import { parse } from 'yaml';
import { createProjectsFixture, type CommandResult, type FixtureWorkspace } from '../support/fixture-workspace';

// `nx run <pipeline>:run` through the real Nx CLI, against the emulator over loopback.
jest.setTimeout(240_000);

let ws: FixtureWorkspace;
let emulator: RunningEmulator;

beforeAll(async () => {
  ws = createProjectsFixture();
  emulator = await startEmulator({ clock: { pendingMs: 100, runningMs: 400 } });
});
afterAll(async () => {
  await emulator?.close();
  ws?.dispose();
});
beforeEach(() => emulator.clearRequests());

const host = () => `${emulator.url}/pipeline`;
const run = (project: string, ...args: string[]): Promise<CommandResult> => ws.nxAsync(['run', `${project}:run`, `--host=${host()}`, '--output-style=static', ...args]);
const jsonResult = (result: CommandResult) => JSON.parse(result.stdout.split('\n').find((l) => l.startsWith('{"runId"'))!);
const storedRun = (id: string) => emulator.dump().runs.find((r) => r.id === id)!;

test('starts a run of the committed render with its params defaults, and prints a link', async () => {
  const result = await run('example-pipeline-1', '--create-experiment', '--output=json');
  expect(result.code).toBe(0);
  const out = jsonResult(result);
  expect(out).toMatchObject({ experiment: 'example-pipeline-1', status: 'Pending', parameters: { custom_message: 'Hello world!\n'.repeat(3) } });
  expect(out.runName).toMatch(/^MANUAL::example-pipeline-1__\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z$/);
  expect(out.url).toBe(`${host()}/#/runs/details/${out.runId}`);
  const stored = storedRun(out.runId);
  expect(JSON.parse(stored.pipelineSpec.workflowManifest!)).toEqual(parse(ws.read('projects/pipelines/example-pipeline-1/RENDERED_PIPELINE/workflow.yaml'), { version: '1.1' }));
  expect(stored.pipelineSpec.parameters).toEqual([{ name: 'custom_message', value: 'Hello world!\n'.repeat(3) }]);
  expect(emulator.requests().map((r) => r.kind)).toEqual(expect.arrayContaining(['experiments.list', 'experiments.create', 'runs.create']));
});

test('--wait follows the run to success, with progress', async () => {
  const result = await run('example-pipeline-1', '--wait', '--poll-interval=0.2', '--param=custom_message=hi there');
  expect(result.code).toBe(0);
  expect(result.output).toMatch(/Started run MANUAL::example-pipeline-1__/);
  expect(result.output).toMatch(/\d\d:\d\d {2}Running/);
  expect(result.output).toMatch(/✔ MANUAL::example-pipeline-1__\S+ Succeeded/);
  const created = emulator.dump().runs.at(-1)!;
  expect(created.pipelineSpec.parameters).toEqual([{ name: 'custom_message', value: 'hi there' }]);
});

test('--wait fails when the run fails', async () => {
  emulator.setRunOutcome({ runNamePattern: '^doomed', outcome: 'Failed' });
  const result = await run('example-pipeline-1', '--wait', '--poll-interval=0.2', '--run-name=doomed-run');
  expect(result.code).not.toBe(0);
  expect(result.output).toMatch(/✖ doomed-run Failed/);
});

test('an unknown parameter is rejected before any request', async () => {
  const result = await run('example-pipeline-1', '--param=custom_mesage=x');
  expect(result.code).not.toBe(0);
  expect(result.output).toContain("Unknown parameter custom_mesage: the pipeline's parameters are custom_message.");
  expect(emulator.requests()).toEqual([]);
});

test('a missing experiment is a clear error without --create-experiment', async () => {
  const result = await run('example-pipeline-1', '--experiment=nowhere');
  expect(result.code).not.toBe(0);
  expect(result.output).toContain('Experiment "nowhere" does not exist. Pass --create-experiment');
  expect(emulator.requests().map((r) => r.kind)).not.toContain('runs.create');
});

test('variants: the inferred target runs the first variant; --variant picks another', async () => {
  const dev = jsonResult(await run('training-pipeline', '--create-experiment', '--output=json'));
  expect(dev).toMatchObject({ variant: 'dev', parameters: { epochs: '1' } });
  const prod = jsonResult(await run('training-pipeline', '--variant=prod', '--output=json'));
  expect(prod).toMatchObject({ variant: 'prod', parameters: { epochs: '20' } });
  const bad = await run('training-pipeline', '--variant=staging');
  expect(bad.output).toContain('training-pipeline has no variant "staging"; its variants are: dev, prod.');
});

test('a stale render is refused, and runs with --allow-stale', async () => {
  const file = 'projects/pipelines/example-pipeline-1/pipeline.py';
  const original = ws.read(file);
  ws.write(file, original.replace('"Hello world!\\n" * 3', '"changed but not rendered"'));
  try {
    const refused = await run('example-pipeline-1');
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain('RENDERED_PIPELINE is stale');
    expect(refused.output).toContain('run "nx run example-pipeline-1:render" and commit the result');
    expect(emulator.requests()).toEqual([]);

    const allowed = await run('example-pipeline-1', '--allow-stale');
    expect(allowed.code).toBe(0);
    expect(allowed.output).toContain('warning (--allow-stale)');
  } finally {
    ws.write(file, original);
  }
});

describe('a KFP v2 pipeline (sdk: v2)', () => {
  test('runs through v2beta1 with the IR inline and parameters typed as the IR declares them; --wait follows it to Succeeded', async () => {
    const result = await run('forecast-pipeline', '--create-experiment', '--wait', '--poll-interval=0.2', '--output=json', '--param=epochs=3', '--param=layers=[8,4]', '--param=shuffle=false');
    expect(result.code).toBe(0);
    const out = jsonResult(result);
    expect(out).toMatchObject({ experiment: 'forecast-pipeline', status: 'Succeeded', parameters: { epochs: 3, layers: [8, 4], shuffle: false, learning_rate: 0.01, message: 'Hello from forecast-pipeline!' } });
    expect(out.url).toBe(`${host()}/#/runs/details/${out.runId}`);
    expect(result.output).toMatch(/\d\d:\d\d {2}Running/);
    const kinds = emulator.requests().map((r) => r.kind);
    expect(kinds).toEqual(expect.arrayContaining(['v2.experiments.list', 'v2.experiments.create', 'v2.runs.create', 'v2.runs.get']));
    expect(kinds.filter((k) => !k.startsWith('v2.'))).toEqual([]);
    const stored = storedRun(out.runId);
    expect(stored.pipelineSpec.runtimeConfig?.parameters).toEqual({ epochs: 3, layers: [8, 4], shuffle: false, learning_rate: 0.01, message: 'Hello from forecast-pipeline!' });
  });

  test('a value of the wrong type is refused before any request, naming the parameter and its type', async () => {
    const result = await run('forecast-pipeline', '--param=epochs=ten', '--param=layers=64');
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('epochs is an integer (int): expected a whole number, got "ten"');
    expect(result.output).toContain('layers is a list: expected a list, got "64"');
    expect(emulator.requests()).toEqual([]);
  });

  test('a KFP 1.x server (no v2beta1) is refused with one sentence, before anything is created', async () => {
    emulator.injectFaults([{ pathPattern: '^/pipeline/apis/v2beta1/', status: 404 }]);
    try {
      const result = await run('forecast-pipeline', '--create-experiment', '--experiment=never-made');
      expect(result.code).not.toBe(0);
      expect(result.output).toContain('does not serve the KFP v2beta1 API (a KFP 1.x server), so it cannot run forecast-pipeline, a KFP v2 pipeline; nothing was created.');
      expect(emulator.requests().map((r) => r.kind)).toEqual(['v2.healthz']);
    } finally {
      emulator.clearFaults();
    }
  });
});

describe('multi-user', () => {
  let secure: RunningEmulator;
  beforeAll(async () => {
    secure = await startEmulator({ multiUser: { users: [{ name: 'alice@example.com', tokens: ['alice-token'], namespaces: ['team-1'] }] } });
  });
  afterAll(() => secure.close());

  test('a token from KFP_TOKEN; a namespace the user may not use is refused naming both', async () => {
    const args = ['run', 'example-pipeline-1:run', `--host=${secure.url}/pipeline`, '--create-experiment', '--output-style=static'];
    const ok = await ws.nxAsync([...args, '--namespace=team-1'], { KFP_TOKEN: 'alice-token' });
    expect(ok.code).toBe(0);
    expect(secure.dump().runs).toHaveLength(1);

    const denied = await ws.nxAsync([...args, '--namespace=team-2'], { KFP_TOKEN: 'alice-token' });
    expect(denied.code).not.toBe(0);
    expect(denied.output).toContain('team-2');
    expect(denied.output).toMatch(/bearer token from KFP_TOKEN|alice@example\.com/);
    expect(denied.output).not.toContain('alice-token');
  });
});
