import { findPipelineProjects } from '../../src/plugin/pipeline-projects';
import { createFixtureWorkspace, expectOk, REPO_PYTHON, REPO_PYTHON_V2, type FixtureWorkspace } from '../support/fixture-workspace';

// kfp-reconcile finds the projects a team deploys without the project graph: what it finds must be
// what the real Nx CLI says, and what it cannot settle it must leave to the graph (undefined).
jest.setTimeout(300_000);

let ws: FixtureWorkspace;
/** Every project Nx knows: name → root and the names of its kfp:render targets. */
let nxProjects: Map<string, { root: string; renderTargets: string[] }>;

beforeAll(() => {
  const pipeline = 'from kfp import dsl\n';
  ws = createFixtureWorkspace({
    files: {
      'nx.json': JSON.stringify({
        plugins: [{ plugin: 'kfp', exclude: ['excluded/**'], options: { python: REPO_PYTHON, pythonV2: REPO_PYTHON_V2, renderTargetName: 'compile' } }],
      }),
      '.gitignore': 'node_modules\n.nx\n.venv\n.venv-v2\nscratch/\n',
      '.nxignore': 'pipelines/hidden-from-nx/\n',
      'pipelines/alpha/pipeline.py': pipeline,
      'pipelines/beta/pipeline.py': pipeline,
      'pipelines/beta/kfp-pipeline.yaml': 'variants:\n  dev: {}\n',
      'nested/deeper/gamma/pipeline.py': pipeline,
      'pipelines/by-project-json/pipeline.py': pipeline,
      'pipelines/by-project-json/project.json': JSON.stringify({ name: 'delta' }),
      'pipelines/with-package-json/pipeline.py': pipeline,
      'pipelines/with-package-json/package.json': JSON.stringify({ name: 'pkg-name', private: true }),
      'pipelines/hidden-from-nx/pipeline.py': pipeline,
      'scratch/ignored/pipeline.py': pipeline,
      'excluded/eps/pipeline.py': pipeline,
      'teams/team-a/recurring_runs.yaml': 'recurring_runs: []\n',
      'teams/team-a/experiments.yaml': 'experiments: []\n',
      'libs/some-lib/project.json': JSON.stringify({ name: 'some-lib', targets: { build: { executor: 'nx:noop' } } }),
    },
  });
  const names = JSON.parse(expectOk(ws.nx(['show', 'projects', '--json']), 'nx show projects').stdout) as string[];
  nxProjects = new Map(
    names.map((name) => {
      const project = JSON.parse(expectOk(ws.nx(['show', 'project', name, '--json']), `nx show project ${name}`).stdout) as {
        root: string;
        targets?: Record<string, { executor?: string }>;
      };
      const renderTargets = Object.entries(project.targets ?? {}).filter(([, t]) => t.executor === 'kfp:render').map(([target]) => target);
      return [name, { root: project.root, renderTargets }];
    }),
  );
});
afterAll(() => ws?.dispose());

const find = (...names: string[]) => findPipelineProjects(ws.root, names, { HOME: ws.root });

test('the fixture has the projects the cases below are about', () => {
  // Neither package.json names a project here (the root one is no project, the workspace declares no workspaces).
  expect([...nxProjects.keys()].sort()).toEqual(['alpha', 'beta', 'delta', 'gamma', 'some-lib', 'team-a', 'with-package-json']);
});

test('every name settled without the graph has the root and render target Nx gives it', () => {
  const settled = ['alpha', 'beta', 'gamma', 'delta', 'team-a', 'some-lib'];
  const found = find(...settled);
  expect(found).toBeDefined();
  for (const name of settled) {
    expect({ name, root: found?.[name]?.root }).toEqual({ name, root: nxProjects.get(name)?.root });
    const renderTargets = Object.entries(found?.[name]?.targets ?? {}).map(([target]) => target);
    // A team has no render target in Nx; the render hint only ever asks for a pipeline's.
    if (name !== 'team-a') expect({ name, renderTargets }).toEqual({ name, renderTargets: nxProjects.get(name)?.renderTargets });
  }
});

test('whatever cannot be settled without the graph is left to it, never answered differently', () => {
  for (const name of nxProjects.keys()) {
    const root = find(name)?.[name]?.root;
    if (root !== undefined) expect({ name, root }).toEqual({ name, root: nxProjects.get(name)?.root });
  }
  // Maybe named by its package.json (Nx decides by the package manager's workspaces), maybe a root project.
  expect(find('with-package-json')).toBeUndefined();
  expect(find('fixture')).toBeUndefined();
  expect(nxProjects.has('fixture')).toBe(false);
  // Not projects at all: gitignored, nxignored, excluded by the plugin entry, renamed away.
  for (const name of ['ignored', 'hidden-from-nx', 'eps', 'by-project-json', 'pkg-name']) {
    expect({ name, found: find(name) }).toEqual({ name, found: undefined });
    expect(nxProjects.has(name)).toBe(false);
  }
});
