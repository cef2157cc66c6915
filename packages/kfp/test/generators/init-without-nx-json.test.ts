import { createFixtureWorkspace, expectOk, REPO_PYTHON, type FixtureWorkspace } from '../support/fixture-workspace';

// `npm init -y && npm i -D nx` is how an Nx workspace starts when no
// create-nx-workspace of the same Nx is at hand: a package.json and no nx.json.
// kfp:init must register the plugin there (creating nx.json), and be idempotent.
jest.setTimeout(180_000);

let ws: FixtureWorkspace;

beforeAll(() => {
  ws = createFixtureWorkspace({ files: { 'pipelines/existing/pipeline.py': 'print("not rendered in this test")\n' } });
  ws.remove('nx.json');
  ws.commit('a workspace without nx.json, with a pipeline folder');
});
afterAll(() => ws?.dispose());

const projects = () => JSON.parse(expectOk(ws.nx(['show', 'projects', '--json']), 'show projects').stdout) as string[];

test('before init, Nx infers nothing', () => {
  expect(projects()).toEqual([]);
});

test('init creates nx.json with the plugin, so the pipeline folder is a project and the team generator finds it', () => {
  expectOk(ws.nx(['g', 'kfp:init']), 'nx g kfp:init');
  expect(JSON.parse(ws.read('nx.json')).plugins).toEqual([expect.objectContaining({ plugin: 'kfp' })]);
  expect(projects()).toEqual(['existing']);
  expectOk(ws.nx(['g', 'kfp:team', 'ops', '--pipeline=existing'], { KFP_PYTHON: REPO_PYTHON }), 'nx g kfp:team');
  expect(projects().sort()).toEqual(['existing', 'ops']);
});

test('a second init changes nothing', () => {
  ws.commit('initialised');
  expectOk(ws.nx(['g', 'kfp:init']), 'second nx g kfp:init');
  expect(ws.status()).toBe('');
});
