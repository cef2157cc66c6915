import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nxTestEnvironment, REPO_ROOT, runCommand } from '../support/fixture-workspace';

// `npm install` on a fresh clone must leave package-lock.json as committed. npm
// records an optional platform binary only if the registry could resolve it when
// the lockfile was written, and adds any it can resolve now; so a lockfile written
// while the registry lacked some of them gains hundreds of lines on every clone.
// Resolving the committed manifests again (what a fresh `npm install` does before
// it installs) must give back the committed lockfile byte for byte.
jest.setTimeout(120_000);

const MANIFESTS = ['package.json', 'package-lock.json', 'packages/kfp/package.json', 'packages/kfp-emulator/package.json'];

test('npm resolves the committed manifests to exactly the committed package-lock.json', async () => {
  const clone = mkdtempSync(join(tmpdir(), 'kfp-lockfile-'));
  try {
    for (const file of MANIFESTS) cpSync(join(REPO_ROOT, file), join(clone, file));
    const npm = await runCommand('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: clone,
      env: nxTestEnvironment(clone),
    });
    expect({ code: npm.code, output: npm.code === 0 ? '' : npm.output }).toEqual({ code: 0, output: '' });
    const committed = readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8');
    const resolved = readFileSync(join(clone, 'package-lock.json'), 'utf8');
    const added = resolved.split('\n').filter((line) => !committed.includes(line));
    expect({ same: resolved === committed, linesNotInCommitted: added.slice(0, 20) }).toEqual({ same: true, linesNotInCommitted: [] });
  } finally {
    rmSync(clone, { recursive: true, force: true });
  }
});
