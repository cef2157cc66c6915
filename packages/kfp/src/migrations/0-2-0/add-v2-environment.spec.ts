import { readJson, readNxJson, updateNxJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { readFileSync } from 'node:fs';
import { SDK_ENVIRONMENTS } from '../../python/sdk-environment';
import addV2Environment from './add-v2-environment';

/** A workspace as init left it before v2: the v1 requirements, the v1-only set-up script, .venv ignored. */
function workspaceBeforeV2(): Tree {
  const tree = createTreeWithEmptyWorkspace({ formatter: 'none' } as never);
  updateNxJson(tree, { ...readNxJson(tree), plugins: [{ plugin: 'kfp', options: { renderTargetName: 'render' } }] });
  tree.write('requirements.txt', readFileSync(SDK_ENVIRONMENTS.v1.shippedRequirements, 'utf8'));
  tree.write('package.json', JSON.stringify({ name: 'ws', scripts: { 'setup:kfp': 'kfp-venv --requirements requirements.txt' } }));
  tree.write('.gitignore', '.venv/\n');
  return tree;
}

test('adds the v2 requirements and environment to a workspace set up before v2, and a second run changes nothing', async () => {
  const tree = workspaceBeforeV2();
  await addV2Environment(tree);
  expect(tree.read('requirements-v2.txt', 'utf8')).toBe(readFileSync(SDK_ENVIRONMENTS.v2.shippedRequirements, 'utf8'));
  expect(readJson(tree, 'package.json').scripts['setup:kfp']).toBe('kfp-venv --requirements requirements.txt --requirements requirements-v2.txt --venv .venv-v2');
  expect(tree.read('.gitignore', 'utf8')).toMatch(/^\.venv-v2\/$/m);
  expect(readNxJson(tree)?.plugins).toEqual([{ plugin: 'kfp', options: { renderTargetName: 'render' } }]);
  const files = ['nx.json', 'package.json', 'requirements.txt', 'requirements-v2.txt', '.gitignore'];
  const after = files.map((f) => tree.read(f, 'utf8'));
  await addV2Environment(tree);
  expect(files.map((f) => tree.read(f, 'utf8'))).toEqual(after);
});

test('a requirements-v2.txt of something else is kept; the pinned one goes beside it and the plugin options name it', async () => {
  const tree = workspaceBeforeV2();
  tree.write('requirements-v2.txt', 'pandas==3.0.0\n');
  await addV2Environment(tree);
  expect(tree.read('requirements-v2.txt', 'utf8')).toBe('pandas==3.0.0\n');
  expect(tree.read('requirements-kfp-v2.txt', 'utf8')).toMatch(/^kfp==2\.8\.0$/m);
  expect(readNxJson(tree)?.plugins).toEqual([{ plugin: 'kfp', options: { renderTargetName: 'render', requirementsFileV2: 'requirements-kfp-v2.txt' } }]);
  expect(readJson(tree, 'package.json').scripts['setup:kfp']).toBe('kfp-venv --requirements requirements.txt --requirements requirements-kfp-v2.txt --venv .venv-v2');
});

test("a set-up script of the workspace's own is kept, and a workspace without the plugin is left alone", async () => {
  const tree = workspaceBeforeV2();
  tree.write('package.json', JSON.stringify({ name: 'ws', scripts: { python: 'kfp-venv --requirements requirements.txt --venv envs/kfp' } }));
  await addV2Environment(tree);
  expect(readJson(tree, 'package.json').scripts).toEqual({ python: 'kfp-venv --requirements requirements.txt --venv envs/kfp' });

  const bare = createTreeWithEmptyWorkspace({ formatter: 'none' } as never);
  await addV2Environment(bare);
  expect(bare.exists('requirements-v2.txt')).toBe(false);
});
