import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, runCommand, type CommandResult } from '../support/fixture-workspace';

// The GitHub workflows are lint-clean with actionlint (pinned, built with the
// Go toolchain into tmp/tools/), and so are the README's examples of calling
// them, checked against the inputs and secrets the workflows really declare.
jest.setTimeout(600_000);

const WORKFLOWS = join(REPO_ROOT, '.github/workflows');
let actionlint: string;
let tmp: string;

beforeAll(async () => {
  const install = await runCommand('bash', [join(REPO_ROOT, 'tools/ci/install-actionlint.sh')], { cwd: REPO_ROOT, env: process.env, timeoutMs: 590_000 });
  if (install.code !== 0) throw new Error(`installing actionlint failed:\n${install.output}`);
  actionlint = install.stdout.trim();
  tmp = mkdtempSync(join(tmpdir(), 'kfp-actionlint-'));
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/**
 * Lints the given workflow files. shellcheck and pyflakes are off: actionlint
 * would use them only where they happen to be installed, and the lint must say
 * the same on every machine (the workflows' shell logic lives in tested bins).
 */
function lint(cwd: string, files: string[]): Promise<CommandResult> {
  return runCommand(actionlint, ['-no-color', '-shellcheck=', '-pyflakes=', ...files], { cwd, env: process.env });
}

/** A repository holding this repository's reusable workflows and the given callers. */
function projectWithCallers(callers: Record<string, string>): string {
  const root = mkdtempSync(join(tmp, 'project-'));
  const workflows = join(root, '.github/workflows');
  mkdirSync(workflows, { recursive: true });
  mkdirSync(join(root, '.git')); // how actionlint finds the repository, and so the workflows `uses: ./...` names
  for (const file of readdirSync(WORKFLOWS).filter((f) => f.startsWith('_'))) copyFileSync(join(WORKFLOWS, file), join(workflows, file));
  for (const [file, content] of Object.entries(callers)) writeFileSync(join(workflows, file), content);
  return root;
}

test("this repository's workflows are lint-clean", async () => {
  const files = readdirSync(WORKFLOWS).map((f) => join('.github/workflows', f));
  expect(files.length).toBeGreaterThanOrEqual(4);
  const result = await lint(REPO_ROOT, files);
  expect(result.output.trim()).toBe('');
  expect(result.code).toBe(0);
});

test("the README's examples call the workflows with inputs and secrets they declare", async () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const section = /\n## Using the CI workflows from your repository\n([^]*?)(\n## |$)/.exec(readme)?.[1] ?? '';
  const examples = [...section.matchAll(/```yaml\n([^]*?)```/g)].map((m) => m[1]);
  expect(examples).toHaveLength(2);
  // As if the examples lived beside the workflows: actionlint then checks each call against them.
  const callers = Object.fromEntries(examples.map((example, i) => [`example-${i}.yaml`, example.replace(/uses: [\w.-]+\/[\w.-]+\/\.github\/workflows\/([\w.-]+)@\S+/g, 'uses: ./.github/workflows/$1')]));
  expect(Object.values(callers).join('\n').match(/uses: \.\/\.github\/workflows\/_kfp-[a-z-]+\.yaml/g)).toHaveLength(2);
  const root = projectWithCallers(callers);
  const result = await lint(root, Object.keys(callers).map((f) => join('.github/workflows', f)));
  expect(result.output.trim()).toBe('');
  expect(result.code).toBe(0);
});

test('a caller that misnames an input or a secret fails the lint', async () => {
  const caller = [
    'name: deploy',
    'on: push',
    'jobs:',
    '  kfp:',
    '    uses: ./.github/workflows/_kfp-deploy.yaml',
    '    with:',
    '      all-team: true',
    '    secrets:',
    '      kfp-token: ${{ secrets.KFP_TOKEN }}',
    '',
  ].join('\n');
  const result = await lint(projectWithCallers({ 'deploy.yaml': caller }), ['.github/workflows/deploy.yaml']);
  expect(result.code).toBe(1);
  expect(result.output).toContain('input "all-team" is not defined in "./.github/workflows/_kfp-deploy.yaml" reusable workflow');
  expect(result.output).toContain('secret "kfp-token" is not defined in "./.github/workflows/_kfp-deploy.yaml" reusable workflow');
});
