import { readJson, readNxJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { readFileSync } from 'node:fs';
import { SDK_ENVIRONMENTS } from '../../python/sdk-environment';
import { initGenerator } from './generator';

const TARGET_NAMES = { renderTargetName: 'render', runTargetName: 'run', validateTargetName: 'validate', planTargetName: 'plan', reconcileTargetName: 'reconcile' };
const NX_LINE = (JSON.parse(readFileSync(require.resolve('nx/package.json'), 'utf8')) as { version: string }).version.replace(/^(\d+)\.(\d+)\..*$/, '~$1.$2.0');

describe('kfp:init', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace({ formatter: 'none' } as never);
  });

  test('registers the plugin, the pinned requirements of both SDKs, the script that creates both venvs, and ignores them', async () => {
    await initGenerator(tree, { skipFormat: true });
    expect(readNxJson(tree)?.plugins).toEqual([{ plugin: 'kfp', options: TARGET_NAMES }]);
    expect(tree.read('requirements.txt', 'utf8')).toBe(readFileSync(SDK_ENVIRONMENTS.v1.shippedRequirements, 'utf8'));
    expect(tree.read('requirements.txt', 'utf8')).toMatch(/^kfp==1\.8\.22$/m);
    expect(tree.read('requirements-v2.txt', 'utf8')).toBe(readFileSync(SDK_ENVIRONMENTS.v2.shippedRequirements, 'utf8'));
    expect(tree.read('requirements-v2.txt', 'utf8')).toMatch(/^kfp==2\.8\.0$/m);
    expect(readJson(tree, 'package.json').scripts['setup:kfp']).toBe('kfp-venv --requirements requirements.txt --requirements requirements-v2.txt --venv .venv-v2');
    expect(tree.read('.gitignore', 'utf8')).toMatch(/^\.venv\/$/m);
    expect(tree.read('.gitignore', 'utf8')).toMatch(/^\.venv-v2\/$/m);
  });

  test('running it twice changes nothing', async () => {
    const files = ['nx.json', 'package.json', 'requirements.txt', 'requirements-v2.txt', '.gitignore'];
    await initGenerator(tree, { skipFormat: true });
    const first = files.map((f) => tree.read(f, 'utf8'));
    await initGenerator(tree, { skipFormat: true });
    expect(files.map((f) => tree.read(f, 'utf8'))).toEqual(first);
  });

  test('keeps unrelated requirements files and writes requirements-kfp.txt and requirements-kfp-v2.txt, recorded in the plugin options', async () => {
    tree.write('requirements.txt', 'pandas==2.2.0\n');
    tree.write('requirements-v2.txt', 'pandas==3.0.0\n');
    await initGenerator(tree, { skipFormat: true, sharedPythonPaths: ['libs/python'] });
    expect(tree.read('requirements.txt', 'utf8')).toBe('pandas==2.2.0\n');
    expect(tree.read('requirements-v2.txt', 'utf8')).toBe('pandas==3.0.0\n');
    expect(tree.read('requirements-kfp.txt', 'utf8')).toMatch(/^kfp==1\.8\.22$/m);
    expect(tree.read('requirements-kfp-v2.txt', 'utf8')).toMatch(/^kfp==2\.8\.0$/m);
    expect(readNxJson(tree)?.plugins).toEqual([
      { plugin: 'kfp', options: { ...TARGET_NAMES, requirementsFile: 'requirements-kfp.txt', requirementsFileV2: 'requirements-kfp-v2.txt', sharedPythonPaths: ['libs/python'] } },
    ]);
    expect(readJson(tree, 'package.json').scripts['setup:kfp']).toBe('kfp-venv --requirements requirements-kfp.txt --requirements requirements-kfp-v2.txt --venv .venv-v2');
  });

  test('a workspace initialised before v2 gets the v2 requirements, the v2 venv in its set-up script and in .gitignore', async () => {
    tree.write('requirements.txt', readFileSync(SDK_ENVIRONMENTS.v1.shippedRequirements, 'utf8'));
    tree.write('package.json', JSON.stringify({ name: 'ws', scripts: { 'setup:kfp': 'kfp-venv --requirements requirements.txt' } }));
    tree.write('.gitignore', 'node_modules\n.venv/\n');
    await initGenerator(tree, { skipFormat: true });
    expect(tree.read('requirements-v2.txt', 'utf8')).toMatch(/^kfp==2\.8\.0$/m);
    expect(readJson(tree, 'package.json').scripts['setup:kfp']).toBe('kfp-venv --requirements requirements.txt --requirements requirements-v2.txt --venv .venv-v2');
    expect(tree.read('.gitignore', 'utf8')).toBe('node_modules\n.venv/\n# Python environment of the kfp plugin for v2 pipelines (npm run setup:kfp)\n.venv-v2/\n');
  });

  test('keeps an existing plugin registration with its options', async () => {
    const nxJson = readNxJson(tree)!;
    nxJson.plugins = [{ plugin: 'kfp', include: ['pipelines/**'], options: { renderTargetName: 'compile' } }];
    tree.write('nx.json', JSON.stringify(nxJson));
    await initGenerator(tree, { skipFormat: true });
    expect(readNxJson(tree)?.plugins).toEqual([{ plugin: 'kfp', include: ['pipelines/**'], options: { renderTargetName: 'compile' } }]);
  });

  test('a workspace without nx.json (npm init, npm i -D nx) gets one with the plugin registered', async () => {
    tree.delete('nx.json');
    await initGenerator(tree, { skipFormat: true });
    expect(readJson(tree, 'nx.json')).toEqual({ $schema: './node_modules/nx/schemas/nx-schema.json', plugins: [{ plugin: 'kfp', options: TARGET_NAMES }] });
  });

  test('adds an @nx/devkit of the workspace Nx line, and keeps one the workspace lists', async () => {
    await initGenerator(tree, { skipFormat: true });
    expect(readJson(tree, 'package.json').devDependencies['@nx/devkit']).toBe(NX_LINE);
    const pinned = createTreeWithEmptyWorkspace({ formatter: 'none' } as never);
    pinned.write('package.json', JSON.stringify({ name: 'ws', devDependencies: { '@nx/devkit': '23.3.2', nx: '23.3.2' } }));
    await initGenerator(pinned, { skipFormat: true });
    expect(readJson(pinned, 'package.json').devDependencies).toEqual({ '@nx/devkit': '23.3.2', nx: '23.3.2' });
  });

  test('a script that already runs kfp-venv counts as the set-up script', async () => {
    tree.write('package.json', JSON.stringify({ name: 'ws', scripts: { 'setup:python': 'node packages/kfp/bin/kfp-venv.js --requirements r.txt' } }));
    await initGenerator(tree, { skipFormat: true });
    expect(readJson(tree, 'package.json').scripts).toEqual({ 'setup:python': 'node packages/kfp/bin/kfp-venv.js --requirements r.txt' });
  });
});
