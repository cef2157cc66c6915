import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { REPO_ROOT } from '../support/fixture-workspace';

// Tests must pass on any clone: they read committed fixtures, never files that
// happen to exist on one machine. A string literal in a test source that names
// an existing path outside the repository (and outside the temp folder) is such
// a dependency. Programs (executable files, such as the machine's own Node.js
// that a test runs on purpose) and devices (/dev/null, or /dev/zero that a
// hostile-input test points a symlink at) are not data and may be named; so may
// the targets of the repository's own symbolic links (the hostile-input corpus
// links to /etc/passwd on purpose, and checks its content never shows).

const TEST_SOURCE = /\.(spec|test)\.ts$|[\\/]test[\\/].*\.ts$/;
const ABSOLUTE_PATH_LITERAL = /(['"`])(\/[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)+)\/?\1/g;

function testSources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.')) return [];
    const path = join(dir, entry);
    // Not through symbolic links: the hostile-input corpus has some that lead out of the repository on purpose.
    if (lstatSync(path).isDirectory()) return testSources(path);
    return TEST_SOURCE.test(path) ? [path] : [];
  });
}

function isProgramOrDevice(path: string): boolean {
  const stat = statSync(path);
  return (stat.isFile() && (stat.mode & 0o111) !== 0) || stat.isCharacterDevice() || stat.isBlockDevice();
}

/** Where the committed symbolic links of the repository point. */
function committedLinkTargets(): Set<string> {
  const listed = spawnSync('git', ['ls-files', '-s'], { cwd: REPO_ROOT, encoding: 'utf8' }).stdout;
  const links = listed.split('\n').filter((line) => line.startsWith('120000 ')).map((line) => line.split('\t')[1]);
  return new Set(links.map((link) => readlinkSync(join(REPO_ROOT, link))));
}

function isInside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

test('no test reads a file outside the repository', () => {
  const outside: string[] = [];
  const linkTargets = committedLinkTargets();
  for (const file of [...testSources(join(REPO_ROOT, 'packages')), ...testSources(join(REPO_ROOT, 'tools'))]) {
    for (const [, , path] of readFileSync(file, 'utf8').matchAll(ABSOLUTE_PATH_LITERAL)) {
      if (isInside(path, REPO_ROOT) || isInside(path, tmpdir()) || !existsSync(path) || isProgramOrDevice(path) || linkTargets.has(path)) continue;
      outside.push(`${relative(REPO_ROOT, file)}: ${path}`);
    }
  }
  expect(outside).toEqual([]);
});
