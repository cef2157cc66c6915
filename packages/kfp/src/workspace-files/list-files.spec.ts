import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { listWorkspaceFiles } from './list-files';

let top: string;
const write = (path: string, text = '') => {
  mkdirSync(dirname(join(top, path)), { recursive: true });
  writeFileSync(join(top, path), text);
};
// No user configuration leaks in: HOME (and so the global excludes file) is inside the test folder.
const list = (root: string) => listWorkspaceFiles(join(top, root), () => true, { HOME: join(top, 'home') });

beforeEach(() => {
  top = mkdtempSync(join(tmpdir(), 'kfp-list-files-'));
});
afterEach(() => rmSync(top, { recursive: true, force: true }));

test('every file, hidden ones too; never node_modules, .git or Nx’s caches; links listed, not followed', () => {
  write('ws/.git/HEAD');
  write('ws/a/.hidden');
  write('ws/a/b/file.txt');
  write('ws/node_modules/x/package.json');
  write('ws/a/node_modules/y.js');
  write('ws/.nx/cache/1');
  write('ws/.nx/workspace-data/2');
  write('ws/.nx/other');
  write('elsewhere/inside.txt');
  symlinkSync(join(top, 'elsewhere'), join(top, 'ws/linked'), 'dir');
  expect(list('ws')).toEqual(['.nx/other', 'a/.hidden', 'a/b/file.txt', 'linked']);
});

test('.gitignore files at every level; an ignored folder is not entered; .nxignore and .ignore take precedence', () => {
  write('ws/.gitignore', 'dist/\n*.log\n');
  write('ws/dist/a.txt');
  write('ws/app/x.log');
  write('ws/app/.gitignore', '!x.log\nlocal/\n');
  write('ws/app/local/f');
  write('ws/lib/y.log');
  write('ws/lib/keep.txt');
  write('ws/.nxignore', 'lib/keep.txt\n!lib/y.log\n');
  write('ws/tools/.ignore', 'secret\n');
  write('ws/tools/secret');
  write('ws/tools/public');
  expect(list('ws')).toEqual(['.gitignore', '.nxignore', 'app/.gitignore', 'app/x.log', 'lib/y.log', 'tools/.ignore', 'tools/public']);
});

test('a folder ignored higher up stays ignored whatever a deeper file says', () => {
  write('ws/.gitignore', 'gen/\n');
  write('ws/gen/.gitignore', '!*\n');
  write('ws/gen/f');
  expect(list('ws')).toEqual(['.gitignore']);
});

test('in a larger repository, the .gitignore files up to its root count; above it, none', () => {
  write('.gitignore', 'above.txt\n');
  write('repo/.git/HEAD');
  write('repo/.gitignore', 'by-repo.txt\n');
  write('repo/ws/by-repo.txt');
  write('repo/ws/above.txt');
  write('repo/ws/ok.txt');
  expect(list('repo/ws')).toEqual(['above.txt', 'ok.txt']);
});

test('.git/info/exclude of the workspace’s own repository, and the user’s global excludes file', () => {
  write('ws/.git/info/exclude', 'excluded.txt\n');
  write('home/.config/git/ignore', '*.swp\n');
  write('ws/excluded.txt');
  write('ws/a/b.swp');
  write('ws/ok.txt');
  expect(list('ws')).toEqual(['ok.txt']);
});

test('outside any repository, the ignore files of the folders above count too', () => {
  write('.gitignore', 'above.txt\n');
  write('.nxignore', 'nx-above.txt\n');
  write('ws/above.txt');
  write('ws/nx-above.txt');
  write('ws/ok.txt');
  // (Were the test folder inside a repository, the .gitignore would count as one between it and the root; .nxignore not.)
  expect(list('ws')).toEqual(existsAbove(top, '.git') ? ['nx-above.txt', 'ok.txt'] : ['ok.txt']);
});

function existsAbove(folder: string, name: string): boolean {
  for (let dir = folder; ; dir = dirname(dir)) {
    if (existsSync(join(dir, name))) return true;
    if (dirname(dir) === dir) return false;
  }
}
