import { startEmulator, type RunningEmulator } from 'kfp-emulator';
import { createProjectsFixture, expectOk, type FixtureWorkspace } from '../support/fixture-workspace';

// A team depends on the pipelines it schedules: the graph shows the edges and
// a re-render alone makes the team affected. Dates in any accepted form
// reconcile once and never cause a needless new version.
jest.setTimeout(240_000);

let ws: FixtureWorkspace;
let emulator: RunningEmulator;
const RUNS = 'projects/teams/team-1/recurring_runs.yaml';

beforeAll(async () => {
  ws = createProjectsFixture();
  emulator = await startEmulator({});
});
afterAll(async () => {
  await emulator?.close();
  ws?.dispose();
});

test('nx graph shows team-1 depending on the pipelines it schedules', () => {
  expectOk(ws.nx(['graph', '--file=graph.json']), 'graph');
  const graph = JSON.parse(ws.read('graph.json')).graph;
  expect(graph.dependencies['team-1'].map((d: { target: string; type: string }) => [d.target, d.type]).sort()).toEqual([
    ['example-pipeline-1', 'static'],
    ['forecast-pipeline', 'static'],
    ['training-pipeline', 'static'],
  ]);
  ws.remove('graph.json');
});

test('re-rendering a scheduled pipeline makes the team affected; a change elsewhere does not', () => {
  const file = 'projects/pipelines/training-pipeline/pipeline.py';
  ws.write(file, ws.read(file).replace('max_loss: float = 0.5', 'max_loss: float = 0.4'));
  expectOk(ws.nx(['run', 'training-pipeline:render']), 'render');
  ws.commit('lower max_loss');
  const affected = (target: string) => JSON.parse(expectOk(ws.nx(['show', 'projects', '--affected', '--base=HEAD~1', '--head=HEAD', '-t', target, '--json']), 'affected').stdout);
  expect(affected('reconcile')).toEqual(['team-1']);
  expect(affected('render')).toEqual(['training-pipeline']);

  ws.write('projects/README.md', 'notes\n');
  ws.commit('unrelated');
  expect(affected('reconcile')).toEqual([]);
});

test.each([
  ['a YAML timestamp', '2026-01-05T06:00:00Z'],
  ['a quoted date-time with an offset', '"2026-01-05T08:00:00+02:00"'],
  ['a date only', '2026-01-05'],
  ['a quoted date only', '"2026-01-05"'],
])('start_date as %s: applied once, then no change', async (_form, value) => {
  ws.write(RUNS, ws.read(RUNS).replace(/start_date: .*/, `start_date: ${value}`));
  const first = await ws.nxAsync(['run', 'team-1:reconcile', `--host=${emulator.url}/pipeline`]);
  expect(first.code).toBe(0);
  const newest = emulator.dump().jobs.filter((j) => j.name.startsWith('GIT::training-prod__') && j.enabled);
  expect(newest).toHaveLength(1);
  const expected = value.includes('06:00') || value.includes('08:00') ? '2026-01-05T06:00:00Z' : '2026-01-05T00:00:00Z';
  expect(new Date(newest[0].trigger!.cron!.startMs!).toISOString()).toBe(expected.replace('Z', '.000Z'));
  emulator.clearRequests();
  const second = await ws.nxAsync(['run', 'team-1:plan', `--host=${emulator.url}/pipeline`]);
  expect(second.output).toContain('No changes: the namespace matches git');
  expect(emulator.requests().filter((r) => r.method !== 'GET')).toEqual([]);
});

test('a hand-edited render makes the teams that deploy it affected, and their validation fails', async () => {
  const file = 'projects/pipelines/example-pipeline-1/RENDERED_PIPELINE/workflow.yaml';
  ws.write(file, ws.read(file).replace('image: python:3.10-slim', 'image: python:3.12-slim'));
  ws.commit('edit the rendered workflow by hand');
  const affected = JSON.parse(expectOk(ws.nx(['show', 'projects', '--affected', '--base=HEAD~1', '--head=HEAD', '-t', 'validate', '--json']), 'affected').stdout);
  expect(affected).toEqual(['team-1']);
  const validate = await ws.nxAsync(['run', 'team-1:validate', '--output-style=static']);
  expect(validate.code).not.toBe(0);
  expect(validate.output).toContain(
    'error recurring_runs[0].pipeline_source: projects/pipelines/example-pipeline-1/RENDERED_PIPELINE was edited by hand: its content no longer matches its .kfp-digest; re-render it with nx run example-pipeline-1:render',
  );
});

test('a hand-edited v2 render (pipeline.yaml) is caught the same way', async () => {
  const file = 'projects/pipelines/forecast-pipeline/RENDERED_PIPELINE/pipeline.yaml';
  ws.write(file, ws.read(file).replace('image: alpine:3.19', 'image: alpine:3.20'));
  ws.commit('edit the rendered v2 pipeline by hand');
  const affected = JSON.parse(expectOk(ws.nx(['show', 'projects', '--affected', '--base=HEAD~1', '--head=HEAD', '-t', 'validate', '--json']), 'affected').stdout);
  expect(affected).toEqual(['team-1']);
  const validate = await ws.nxAsync(['run', 'team-1:validate', '--output-style=static']);
  expect(validate.code).not.toBe(0);
  expect(validate.output).toContain(
    'error recurring_runs[2].pipeline_source: projects/pipelines/forecast-pipeline/RENDERED_PIPELINE was edited by hand: its content no longer matches its .kfp-digest; re-render it with nx run forecast-pipeline:render',
  );
});
