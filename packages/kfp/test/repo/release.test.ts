import { join } from 'node:path';
import { nxTestEnvironment, REPO_ROOT, runCommand } from '../support/fixture-workspace';

// Both packages are released together by `nx release` (nx.json "release"): one
// version in both package.json files, an entry in CHANGELOG.md, a v<version> tag,
// and `npm publish` of each package. Dry runs preview all of it and write nothing.
jest.setTimeout(180_000);

// The output is read without colours (npm's tarball details come on stderr).
const plain = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');
const nx = (...args: string[]) =>
  runCommand(process.execPath, [join(REPO_ROOT, 'node_modules/nx/dist/bin/nx.js'), ...args], {
    cwd: REPO_ROOT,
    env: nxTestEnvironment(join(REPO_ROOT, 'tmp/release-test'), { GIT_CEILING_DIRECTORIES: undefined }),
  });

test('nx release <version> --dry-run versions both packages and previews the changelog entry and tag', async () => {
  const result = await nx('release', '9.8.7', '--dry-run', '--skip-publish');
  expect({ code: result.code, output: result.code === 0 ? '' : result.output }).toEqual({ code: 0, output: '' });
  expect(plain(result.output)).toContain('kfp ✍️  New version 9.8.7 written to manifest: packages/kfp/package.json');
  expect(plain(result.output)).toContain('kfp-emulator ✍️  New version 9.8.7 written to manifest: packages/kfp-emulator/package.json');
  expect(plain(result.output)).toMatch(/Previewing an entry in CHANGELOG\.md for v9\.8\.7[\s\S]*\+ ## 9\.8\.7 \([\s\S]*  ## 0\.1\.0 /);
  expect(plain(result.output)).toContain('Tagging commit with git');
});

test('nx release publish --dry-run publishes both packages', async () => {
  const result = await nx('release', 'publish', '--dry-run', '--output-style=static');
  expect({ code: result.code, output: result.code === 0 ? '' : result.output }).toEqual({ code: 0, output: '' });
  // Nx's own header; npm's tarball listing under it is forwarded from a child
  // process and has been seen cut short on a loaded machine, so the packs
  // themselves are checked below with npm directly.
  expect(plain(result.output)).toMatch(/Running target nx-release-publish for 2 projects:\s+- kfp\s+- kfp-emulator/);
});

test.each(['kfp', 'kfp-emulator'])('the %s package packs with its LICENSE, README and built code, and no tests', async (name) => {
  const result = await runCommand('npm', ['pack', '--dry-run', '--json'], {
    cwd: join(REPO_ROOT, 'packages', name),
    env: nxTestEnvironment(join(REPO_ROOT, 'tmp/release-test'), { GIT_CEILING_DIRECTORIES: undefined }),
  });
  expect({ code: result.code, stderr: result.code === 0 ? '' : result.stderr }).toEqual({ code: 0, stderr: '' });
  const [pack] = JSON.parse(result.stdout) as { name: string; files: { path: string }[] }[];
  const files = pack.files.map((f) => f.path);
  expect(pack.name).toBe(name);
  expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json']));
  expect(files.some((f) => f.startsWith('dist/') && f.endsWith('.js'))).toBe(true);
  expect(files.filter((f) => /\.(spec|test)\.[jt]s$/.test(f))).toEqual([]);
});
