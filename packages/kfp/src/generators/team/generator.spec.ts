import { addProjectConfiguration, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { validateTeam } from '../../validate/validate-team';
import { teamGenerator } from './generator';

const repoRoot = resolve(__dirname, '../../../../..');

/** Writes the tree's files under a temporary workspace so the real validator can read them. */
function materialize(tree: Tree, root: string, folder: string): void {
  for (const file of tree.children(folder)) {
    const path = join(root, folder, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, tree.read(join(folder, file), 'utf8')!);
  }
}

describe('kfp:team', () => {
  let tree: Tree;
  let root: string;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace({ formatter: 'none' } as never);
    root = mkdtempSync(join(tmpdir(), 'kfp-team-gen-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('without a pipeline: empty lists with the examples commented out, valid as generated', async () => {
    await teamGenerator(tree, { name: 'ops', skipFormat: true });
    expect(tree.children('teams/ops').sort()).toEqual(['experiments.yaml', 'kfp-team.yaml', 'recurring_runs.yaml']);
    const runs = tree.read('teams/ops/recurring_runs.yaml', 'utf8')!;
    expect(runs.split('\n')[0]).toBe('# yaml-language-server: $schema=../../node_modules/kfp/schemas/recurring_runs.schema.json');
    expect(runs).toContain('  #       cron: "0 0 0 * * *"');
    materialize(tree, root, 'teams/ops');
    const result = await validateTeam(join(root, 'teams/ops'), { workspaceRoot: root, projectRoots: new Map(), cacheDir: join(root, '.cache'), env: {} });
    expect(result.problems).toEqual([]);
    expect(result.config?.namespace).toBe('ops');
    expect(result.config?.recurringRuns).toEqual([]);
  });

  test('with a pipeline: a real experiment and daily recurring run that validate against its rendered output', async () => {
    addProjectConfiguration(tree, 'example-pipeline-1', { root: 'pipelines/example-pipeline-1', tags: ['kfp:pipeline'] });
    await teamGenerator(tree, { name: 'team-9', namespace: 'kubeflow-team-9', pipeline: 'example-pipeline-1', host: 'https://kfp.example.com/pipeline', skipFormat: true });
    materialize(tree, root, 'teams/team-9');
    cpSync(join(repoRoot, 'projects/pipelines/example-pipeline-1'), join(root, 'pipelines/example-pipeline-1'), { recursive: true });
    const result = await validateTeam(join(root, 'teams/team-9'), {
      workspaceRoot: root,
      projectRoots: new Map([['example-pipeline-1', 'pipelines/example-pipeline-1']]),
      cacheDir: join(root, '.cache'),
      env: {},
    });
    expect(result.problems).toEqual([]);
    expect(result.config?.namespace).toBe('kubeflow-team-9');
    expect(result.config?.experiments).toEqual([{ name: 'example-pipeline-1', description: 'Runs of example-pipeline-1' }]);
    expect(result.config?.recurringRuns[0]).toMatchObject({ name: 'example-pipeline-1', trigger: { schedule: { kind: 'cron', expression: '0 0 0 * * *' } }, keepHistory: 2, enabled: true });
    expect(result.config?.settings.environments.default.host).toBe('https://kfp.example.com/pipeline');
  });

  test('rejects an unknown pipeline, a variant without pipeline, a bad name and an existing folder', async () => {
    await expect(teamGenerator(tree, { name: 't', pipeline: 'nope' })).rejects.toThrow('--pipeline nope: no such project');
    await expect(teamGenerator(tree, { name: 't', variant: 'prod' })).rejects.toThrow('--variant needs --pipeline');
    await expect(teamGenerator(tree, { name: 'Team' })).rejects.toThrow('Invalid team name "Team"');
    tree.write('teams/t/experiments.yaml', 'experiments: []\n');
    await expect(teamGenerator(tree, { name: 't' })).rejects.toThrow('teams/t/experiments.yaml already exists');
  });

  test('a pipeline with variants needs --variant, and only one it declares', async () => {
    addProjectConfiguration(tree, 'scoring', { root: 'ml/scoring', tags: ['kfp:pipeline'] });
    tree.write('ml/scoring/kfp-pipeline.yaml', 'variants:\n  dev: {args: [--variant, dev]}\n  prod: {args: [--variant, prod]}\n');
    addProjectConfiguration(tree, 'plain', { root: 'ml/plain', tags: ['kfp:pipeline'] });
    await expect(teamGenerator(tree, { name: 't', pipeline: 'scoring' })).rejects.toThrow('--pipeline scoring has variants (dev, prod); choose one with --variant.');
    await expect(teamGenerator(tree, { name: 't', pipeline: 'scoring', variant: 'test' })).rejects.toThrow('--variant test: scoring has no such variant (variants: dev, prod).');
    await expect(teamGenerator(tree, { name: 't', pipeline: 'plain', variant: 'prod' })).rejects.toThrow('--variant prod: plain has no variants; leave --variant out.');
    await teamGenerator(tree, { name: 't', pipeline: 'scoring', variant: 'prod', skipFormat: true });
    expect(tree.read('teams/t/recurring_runs.yaml', 'utf8')).toContain('      project: "scoring"\n      variant: "prod"\n');
  });

  test('goes beside the existing team projects', async () => {
    addProjectConfiguration(tree, 'churn-ops', { root: 'operations/schedules/churn-ops', tags: ['kfp:team'] });
    await teamGenerator(tree, { name: 'ops-2', skipFormat: true });
    expect(tree.children('operations/schedules/ops-2').sort()).toEqual(['experiments.yaml', 'kfp-team.yaml', 'recurring_runs.yaml']);
  });
});
