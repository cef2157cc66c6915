import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findPipelineProjects } from './pipeline-projects';

// The same cases against the real Nx CLI: test/pipeline-sources/pipeline-projects.test.ts.
let root: string;
const write = (path: string, text = '') => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};
const nxJson = (plugins: unknown[]) => write('nx.json', JSON.stringify({ plugins }));
const find = (...names: string[]) => findPipelineProjects(root, names, { HOME: root });
const rootOf = (name: string) => find(name)?.[name]?.root;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'kfp-pipeline-projects-'));
  write('pipelines/alpha/pipeline.py');
  write('pipelines/beta/kfp-pipeline.yaml', 'variants: {}\n');
  write('teams/t1/recurring_runs.yaml', 'recurring_runs: []\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

test('pipelines and teams are found by folder name, with the render target the entry names', () => {
  nxJson([{ plugin: 'kfp', options: { renderTargetName: 'compile' } }]);
  expect(find('alpha', 'beta', 't1')).toEqual({
    alpha: { root: 'pipelines/alpha', targets: { compile: { executor: 'kfp:render' } } },
    beta: { root: 'pipelines/beta', targets: { compile: { executor: 'kfp:render' } } },
    t1: { root: 'teams/t1', targets: { compile: { executor: 'kfp:render' } } },
  });
  expect(find()).toEqual({});
});

test('only what an entry’s include and exclude globs see, in ignored folders nothing', () => {
  nxJson(['nx/other-plugin', { plugin: 'kfp', include: ['pipelines/**/*'], exclude: ['pipelines/beta/*'] }]);
  write('.gitignore', 'pipelines/gamma/\n');
  write('pipelines/gamma/pipeline.py');
  expect(rootOf('alpha')).toBe('pipelines/alpha');
  expect(find('beta')).toBeUndefined();
  expect(find('t1')).toBeUndefined();
  expect(find('gamma')).toBeUndefined();
});

test('a project.json names its folder’s project; a package.json may (its workspaces decide): then only the graph can tell', () => {
  nxJson(['kfp']);
  write('pipelines/alpha/project.json', JSON.stringify({ name: 'renamed' }));
  write('pipelines/beta/package.json', JSON.stringify({ name: '@scope/beta' }));
  expect(rootOf('renamed')).toBe('pipelines/alpha');
  expect(find('alpha')).toBeUndefined();
  expect(find('beta')).toBeUndefined();
  expect(find('@scope/beta')).toBeUndefined();
});

test('a name given twice, a project.json elsewhere of that name, and unknown names are left to the graph', () => {
  nxJson(['kfp']);
  write('more/alpha/pipeline.py');
  write('libs/beta/project.json', '{}');
  expect(find('alpha')).toBeUndefined();
  expect(find('beta')).toBeUndefined();
  expect(find('ghost')).toBeUndefined();
  expect(rootOf('t1')).toBe('teams/t1');
});

test('outside an Nx workspace (no nx.json) every marker counts, as with the plugin registered without globs', () => {
  expect(find('alpha', 't1')).toEqual({
    alpha: { root: 'pipelines/alpha', targets: { render: { executor: 'kfp:render' } } },
    t1: { root: 'teams/t1', targets: { render: { executor: 'kfp:render' } } },
  });
});

test('whatever fails the graph (a folder that is pipeline and team, bad options, no kfp entry, a preset) is left to it', () => {
  nxJson(['kfp']);
  write('mixed/pipeline.py');
  write('mixed/experiments.yaml', 'experiments: []\n');
  expect(find('alpha')).toBeUndefined();
  rmSync(join(root, 'mixed'), { recursive: true });
  expect(rootOf('alpha')).toBe('pipelines/alpha');
  nxJson([{ plugin: 'kfp', options: { renderTargetName: 'no spaces allowed' } }]);
  expect(find('alpha')).toBeUndefined();
  nxJson(['@nx/js/typescript']);
  expect(find('alpha')).toBeUndefined();
  write('nx.json', JSON.stringify({ extends: 'nx/presets/npm.json', plugins: ['kfp'] }));
  expect(find('alpha')).toBeUndefined();
});
