// A few corpus cases through the real entry points, end to end: the Nx
// `validate` target and `kfp-reconcile --dry-run`, each a separate process.
// Each must fail with exactly the located lines of expected.txt, with no stack
// trace and no request that changes the cluster. (corpus.test.ts runs every
// case in-process; this proves the processes report them the same way.)

import { startEmulator, type RunningEmulator } from 'kfp-emulator';
import { join } from 'node:path';
import { createFixtureWorkspace, nxTestEnvironment, REPO_ROOT, runCommand, type FixtureWorkspace } from '../support/fixture-workspace';
import { corpusWorkspace, expectedOutput } from './support/corpus';

jest.setTimeout(180_000);

// Not a link to /dev/zero: Nx itself reads every file of the workspace to hash it, and never finishes that one.
const SAMPLES = [
  'yaml-alias-bomb-in-recurring-runs',
  'yaml-undefined-alias-in-kfp-team',
  'file-recurring-runs-is-a-folder',
  'file-kfp-team-is-a-fifo',
  'encoding-latin1-in-experiments',
  'source-git-fd-transport',
  'value-from-symlink-outside-workspace',
];

let ws: FixtureWorkspace;
let emulator: RunningEmulator;
beforeAll(async () => {
  ws = createFixtureWorkspace();
  corpusWorkspace(ws.root, SAMPLES);
  // The fixture pipeline becomes an Nx project, so that `project: example-pipeline` resolves as in the corpus.
  ws.write('fixtures/projects/example-pipeline/pipeline.py', '# rendered output committed under RENDERED_PIPELINE/\n');
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator?.close();
  ws?.dispose();
});

function expectNoCrash(output: string): void {
  expect(output).not.toMatch(/^\s+at /m);
  expect(output).not.toMatch(/Excessive alias count|Unresolved alias|TypeError|ENOENT/);
}

test('the Nx validate target fails each sample with its located errors', async () => {
  const result = await ws.nxAsync(['run-many', '-t', 'validate', '-p', SAMPLES.join(','), '--output-style=static']);
  expect(result.code).not.toBe(0);
  expectNoCrash(result.output);
  for (const name of SAMPLES) {
    // What the task printed between its header and its summary line.
    const printed = new RegExp(`> nx run ${name}:validate\\n\\n([\\s\\S]*?)\\n\\n✖ corpus/${name}: `).exec(result.output)?.[1];
    expect(printed).toBe(expectedOutput(name));
    expect(result.output).toMatch(new RegExp(`^- ${name}:validate$`, 'm'));
  }
});

// Each kfp-reconcile builds the Nx project graph (seconds): one sample per kind of failure is enough here.
const RECONCILE_SAMPLES = ['yaml-alias-bomb-in-recurring-runs', 'file-recurring-runs-is-a-folder', 'file-kfp-team-is-a-fifo', 'value-from-symlink-outside-workspace'];

test.each(RECONCILE_SAMPLES)('kfp-reconcile --dry-run refuses %s before any request to the cluster', async (name) => {
  const result = await runCommand(process.execPath, [join(REPO_ROOT, 'packages/kfp/bin/kfp-reconcile.js'), `corpus/${name}`, '--dry-run', `--host=${emulator.url}/pipeline`], {
    cwd: ws.root,
    env: nxTestEnvironment(ws.root),
    timeoutMs: 120_000,
  });
  expect(result.code).toBe(1);
  expect(result.stderr.trim()).toBe(`✖ The team folder has errors; nothing was changed.\n${expectedOutput(name)}`);
  expectNoCrash(result.output);
  expect(emulator.requests().filter((r) => r.method !== 'GET')).toEqual([]);
});
