import { ESLint } from 'eslint';
import * as jsonc from 'jsonc-eslint-parser';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// The rule against a small plugin package: what it must report, and that a consistent package passes.
let root: string;
const write = (path: string, content: unknown) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
};

async function lint(file: string): Promise<string[]> {
  const plugin = (await import('./nx-plugin-checks.mjs')).default;
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.json'], languageOptions: { parser: jsonc }, plugins: { kfp: plugin }, rules: { 'kfp/nx-plugin-checks': 'error' } }],
  });
  const [result] = await eslint.lintFiles([join(root, file)]);
  return result.messages.map((m) => m.message);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'kfp-plugin-checks-'));
  write('src/executors/run/executor.ts', 'export default {};');
  write('src/executors/run/schema.json', { version: 2, title: 'run', properties: { wait: { type: 'boolean', description: 'Wait.' } } });
  write('package.json', { name: 'p', executors: './executors.json', files: ['dist', 'executors.json'] });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

test('a consistent executors.json and package.json pass', async () => {
  write('executors.json', { executors: { run: { implementation: './dist/executors/run/executor.js', schema: './dist/executors/run/schema.json', description: 'Run it.' } } });
  expect(await lint('executors.json')).toEqual([]);
  expect(await lint('package.json')).toEqual([]);
});

test('missing files, undescribed options and manifests the package does not name are reported', async () => {
  write('src/executors/run/schema.json', { version: 1, title: 'run', properties: { wait: { type: 'boolean' } } });
  write('executors.json', { executors: { run: { implementation: './dist/executors/run/missing.js', batchImplementation: './dist/executors/run/batch.js', schema: './dist/executors/run/schema.json' } } });
  write('generators.json', { generators: {} });
  expect(await lint('executors.json')).toEqual([
    'run: implementation ./dist/executors/run/missing.js does not exist',
    'run: batchImplementation ./dist/executors/run/batch.js does not exist',
    'run: no description',
    'run: schema ./dist/executors/run/schema.json must declare "version": 2',
    'run: schema ./dist/executors/run/schema.json: option "wait" has no description (--help shows it)',
  ]);
  expect(await lint('generators.json')).toEqual(['generators.json declares no generators']);
  expect(await lint('package.json')).toEqual(['"generators" must be "./generators.json"', '"files" must include generators.json, or the published package lacks it']);
});
