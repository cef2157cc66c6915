import type { CreateDependenciesContext } from '@nx/devkit';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createDependencies, owningProject } from './create-dependencies';

let root: string;
const write = (path: string, text: string) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'kfp-deps-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function context(changed: Record<string, string[]>): CreateDependenciesContext {
  const projects = {
    alpha: { root: 'pipelines/alpha' },
    beta: { root: 'pipelines/beta' },
    gamma: { root: 'pipelines/gamma' },
    'team-1': { root: 'teams/team-1' },
    'team-2': { root: 'teams/team-2' },
  };
  const fileMap = {
    projectFileMap: Object.fromEntries(Object.entries(changed).map(([p, files]) => [p, files.map((file) => ({ file, hash: 'h' }))])),
    nonProjectFiles: [],
  };
  return { projects, externalNodes: {}, nxJsonConfiguration: {}, workspaceRoot: root, fileMap, filesToProcess: fileMap } as unknown as CreateDependenciesContext;
}

test('static edges from a team to the pipelines its recurring_runs.yaml references', async () => {
  write(
    'teams/team-1/recurring_runs.yaml',
    [
      'recurring_runs:',
      '  - pipeline_source: {project: alpha}',
      '    pipeline_parameters:',
      '      - {name: m, valueFrom: {file_path: pipelines/gamma/RENDERED_PIPELINE/params/m}}',
      '  - pipeline_source: {file_path: pipelines/beta/RENDERED_PIPELINE_prod/workflow.yaml}',
      '  - pipeline_source: {github_owner: o, github_repo: r, git_reference: main, file_path: pipelines/gamma/workflow.yaml}',
      '  - pipeline_source: {url: ../other.git, ref: main, path: pipelines/gamma/workflow.yaml}',
      '  - pipeline_source: {project: not-a-project}',
    ].join('\n'),
  );
  const deps = await createDependencies({}, context({ 'team-1': ['teams/team-1/recurring_runs.yaml', 'teams/team-1/experiments.yaml'] }));
  expect(deps).toEqual([
    { source: 'team-1', target: 'alpha', sourceFile: 'teams/team-1/recurring_runs.yaml', type: 'static' },
    { source: 'team-1', target: 'beta', sourceFile: 'teams/team-1/recurring_runs.yaml', type: 'static' },
    { source: 'team-1', target: 'gamma', sourceFile: 'teams/team-1/recurring_runs.yaml', type: 'static' },
  ]);
});

test('only changed files are read, and invalid YAML adds no edge instead of failing the graph', async () => {
  write('teams/team-2/recurring_runs.yaml', 'recurring_runs: [unclosed\n');
  write('teams/team-1/recurring_runs.yaml', 'recurring_runs:\n  - pipeline_source: {project: alpha}\n');
  expect(await createDependencies({}, context({ 'team-2': ['teams/team-2/recurring_runs.yaml'] }))).toEqual([]);
});

test('owningProject picks the longest matching root', () => {
  const roots = new Map([
    ['pipelines', 'all'],
    ['pipelines/alpha', 'alpha'],
  ]);
  expect(owningProject('./pipelines/alpha/RENDERED_PIPELINE/workflow.yaml', roots)).toBe('alpha');
  expect(owningProject('pipelines/alphabet/x', roots)).toBe('all');
  expect(owningProject('elsewhere/x', roots)).toBeUndefined();
});
