// The bad-input corpus: one team folder per case under corpus/, each with an
// expected.txt holding the exact problem lines `validate` prints. Some inputs
// cannot be committed (a FIFO) or should not be (a link to /dev/zero, files of
// megabytes): a case's materialise.json names them, and they are made in a
// copy of the corpus at test time.

import { execFileSync } from 'node:child_process';
import { appendFileSync, closeSync, cpSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const VALIDATE_DIR = resolve(__dirname, '..');
export const CORPUS_DIR = join(VALIDATE_DIR, 'corpus');
export const CORPUS_CASES: readonly string[] = readdirSync(CORPUS_DIR).sort();
/** The one case that must pass: it proves the harness resolves a good team. */
/** Cases that must pass (their names start with `valid-`). */
export const isValidCase = (name: string) => name.startsWith('valid-');
export const VALID_CASE = 'valid-team';
/** The Nx projects the corpus refers to, relative to the workspace root. */
export const PROJECT_ROOTS: ReadonlyMap<string, string> = new Map([
  ['example-pipeline', 'fixtures/projects/example-pipeline'],
  ['typed-v2', 'fixtures/projects/typed-v2'],
]);

/** materialise.json: special files a case needs, relative to its folder. */
export interface Materialise {
  /** FIFOs (named pipes) to create. */
  fifo?: string[];
  /** Symbolic links to create: path to target. */
  symlink?: Record<string, string>;
  /** Files grown to exactly this many bytes with YAML comment lines, after their committed content if any. */
  pad?: Record<string, number>;
}

/**
 * Makes `root` a workspace holding the validate fixtures and the given cases
 * at corpus/<case>, with their special files; problems then name files exactly
 * as expected.txt does. Committed symlinks are copied as links.
 */
export function corpusWorkspace(root: string, cases: readonly string[]): void {
  cpSync(join(VALIDATE_DIR, 'fixtures'), join(root, 'fixtures'), { recursive: true });
  for (const name of cases) {
    const folder = join(root, 'corpus', name);
    cpSync(join(CORPUS_DIR, name), folder, { recursive: true, verbatimSymlinks: true });
    materialise(folder);
  }
}

function materialise(folder: string): void {
  const spec = join(folder, 'materialise.json');
  if (!existsSync(spec)) return;
  const { fifo = [], symlink = {}, pad = {} } = JSON.parse(readFileSync(spec, 'utf8')) as Materialise;
  const at = (path: string) => {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    return join(folder, path);
  };
  for (const path of fifo) execFileSync('mkfifo', [at(path)]);
  for (const [path, target] of Object.entries(symlink)) symlinkSync(target, at(path));
  for (const [path, size] of Object.entries(pad)) padFile(at(path), size);
}

function padFile(file: string, size: number): void {
  let missing = size - (existsSync(file) ? statSync(file).size : 0);
  const lines: string[] = [];
  while (missing > 0) {
    const length = Math.min(missing, 1024);
    lines.push(length === 1 ? '\n' : `#${'x'.repeat(length - 2)}\n`);
    missing -= length;
  }
  appendFileSync(file, lines.join(''));
}

/** Opens every FIFO under `root` for writing and closes it: should a read ever wait on one again, that wait ends (and the test fails instead of hanging). */
export function releaseFifos(root: string): void {
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    const file = join(entry.parentPath, entry.name);
    if (entry.isFIFO()) closeSync(openSync(file, 'r+'));
  }
}

/** The committed expected output of a case, without its final newline. */
export function expectedOutput(name: string): string {
  return readFileSync(join(CORPUS_DIR, name, 'expected.txt'), 'utf8').trimEnd();
}

/** KFP_UPDATE_CORPUS=1 rewrites expected.txt from what validate prints: review every change before committing it. */
export const UPDATE_CORPUS = process.env.KFP_UPDATE_CORPUS === '1';

export function writeExpectedOutput(name: string, printed: string): void {
  writeFileSync(join(CORPUS_DIR, name, 'expected.txt'), printed === '' ? '' : `${printed}\n`);
}
