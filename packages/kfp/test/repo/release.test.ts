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

test('nx release publish --dry-run packs both packages, each with its LICENSE', async () => {
  const result = await nx('release', 'publish', '--dry-run', '--output-style=static');
  expect({ code: result.code, output: result.code === 0 ? '' : result.output }).toEqual({ code: 0, output: '' });
  for (const name of ['kfp', 'kfp-emulator']) expect(plain(result.output)).toMatch(new RegExp(`name:\\s+${name}\\s`));
  expect(plain(result.output).match(/^\S+\s+LICENSE\s*$/gm)).toHaveLength(2);
  expect(plain(result.output).match(/Would publish to/g)).toHaveLength(2);
});
