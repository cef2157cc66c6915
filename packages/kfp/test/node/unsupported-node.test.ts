import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFixtureWorkspace, REPO_ROOT } from '../support/fixture-workspace';

// On Node 20 everything seemed to work until a git pipeline source failed with
// execa's "TEXT_ENCODINGS.union is not a function". The plugin and its commands
// now refuse an older Node.js at start, in one sentence. The machine's own
// Node.js (/usr/bin/node) is a Node 20; the scripts run on Node 24.
jest.setTimeout(120_000);

const OLD_NODE = '/usr/bin/node';
const oldVersion = spawnSync(OLD_NODE, ['--version'], { encoding: 'utf8' }).stdout.trim().replace(/^v/, '');
const minimum = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node.replace(/^>=\s*/, '');
const sentence = `kfp needs Node.js ${minimum} or newer, but this is Node.js ${oldVersion}.`;

beforeAll(() => {
  if (!/^(1\d|20|21)\./.test(oldVersion)) throw new Error(`this test needs a Node.js older than 22 at ${OLD_NODE}; found ${oldVersion || 'none'}`);
});

test.each(['kfp-reconcile', 'kfp-venv'])('%s refuses it', (bin) => {
  const result = spawnSync(OLD_NODE, [join(REPO_ROOT, 'packages/kfp/bin', `${bin}.js`), '--help'], { encoding: 'utf8' });
  expect({ code: result.status, stderr: result.stderr.trim() }).toEqual({ code: 1, stderr: `${bin}: ${sentence}` });
});

test('Nx refuses to load the plugin, naming why', () => {
  const ws = createFixtureWorkspace();
  try {
    const result = spawnSync(OLD_NODE, [join(REPO_ROOT, 'node_modules/nx/dist/bin/nx.js'), 'show', 'projects'], {
      cwd: ws.root,
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', CI: 'true', FORCE_COLOR: '0', NX_WORKSPACE_DATA_DIRECTORY: join(ws.root, '.nx/workspace-data') },
    });
    expect(result.status).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toContain(`- kfp: ${sentence}`);
  } finally {
    ws.dispose();
  }
});
