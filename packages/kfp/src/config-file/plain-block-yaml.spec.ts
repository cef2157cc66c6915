import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parsePlainBlockYaml } from './plain-block-yaml';

const REPO_ROOT = join(__dirname, '../../../..');

/** What `yaml` makes of a text, or 'error' when it refuses it (as graph construction treats it). */
function byYaml(text: string): unknown {
  try {
    return parse(text, { merge: true, uniqueKeys: true });
  } catch {
    return 'error';
  }
}

/** The reader either declines or agrees with `yaml` exactly; it never reads a document `yaml` refuses. */
function expectAgreement(text: string, label: string) {
  const plain = parsePlainBlockYaml(text);
  if (plain === undefined) return false;
  expect({ label, value: plain }).toEqual({ label, value: byYaml(text) });
  return true;
}

test('reads one-line flow sequences of plain scalars, as parameter lists are written', () => {
  for (const text of ['layers: [128, 64, 32]\n', 'a: []\n', 'a: [ 1.5 , true, x y, ~, -3 ]\n', 'a: [1, 2]  # a comment\n']) {
    expect(expectAgreement(text, text)).toBe(true);
  }
});

test('reads a generated team file exactly as yaml does', () => {
  const text = [
    '# a comment',
    'recurring_runs:',
    '  - pipeline_source:',
    '      project: "pipeline-0"  # trailing comment',
    '    pipeline_parameters:',
    '    - name: custom_message',
    "      value: 'it''s v1'",
    '    - name: count',
    '      value: 12',
    '    - name: ratio',
    '      value: -1.5e3',
    '    - name: flag',
    '      value: True',
    '    - name: nothing',
    '      value: ~',
    '    - name: url',
    '      value: http://example.com/a#b',
    '    keep_history: 1',
    '    job:',
    '      name: run-0',
    '      trigger:',
    '        cron: "0 0 0 * * *"',
    '        start_time:',
    '  -',
    '    pipeline_source:',
    '      file_path: pipelines/a/RENDERED_PIPELINE',
    '',
  ].join('\n');
  expect(expectAgreement(text, 'team file')).toBe(true);
  expect(parsePlainBlockYaml(text)).toMatchObject({ recurring_runs: [{ pipeline_source: { project: 'pipeline-0' } }, { pipeline_source: { file_path: 'pipelines/a/RENDERED_PIPELINE' } }] });
});

test.each([
  ['an anchor and alias', 'a: &x 1\nb: *x\n'],
  ['a merge key', 'base:\n  a: 1\nrun:\n  <<: {}\n'],
  ['a flow mapping', 'a: {b: 1}\n'],
  ['a flow sequence with a quoted item', 'a: ["x", 1]\n'],
  ['a nested flow sequence', 'a: [[1], 2]\n'],
  ['a flow sequence with an empty entry', 'a: [1, , 2]\n'],
  ['a flow sequence over two lines', 'a: [1,\n  2]\n'],
  ['a flow sequence as a sequence entry', '- [1, 2]\n'],
  ['a block scalar', 'a: |\n  text\n'],
  ['a multi-line plain scalar', 'a: one\n  two\n'],
  ['a tab', 'a:\tb\n'],
  ['a document marker', '---\na: 1\n'],
  ['a duplicate key', 'a: 1\na: 2\n'],
  ['an escaped string', 'a: "x\\ty"\n'],
  ['a quoted key', '"a": 1\n'],
  ['a null key', 'null: 1\n'],
  ['a nested sequence on one line', '- - a\n'],
  ['a hex number', 'a: 0x1F\n'],
  ['a bare scalar document', 'hello\n'],
  ['an empty document', ''],
  ['a prototype key', '__proto__: 1\n'],
])('declines %s (left to yaml)', (_label, text) => {
  expect(parsePlainBlockYaml(text)).toBeUndefined();
});

test('agrees with yaml on every YAML file committed in this repository, and reads the ordinary team files itself', () => {
  const files = execFileSync('git', ['ls-files', '*.yaml', '*.yml'], { cwd: REPO_ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
  let read = 0;
  let teamFiles = 0;
  let teamFilesRead = 0;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(join(REPO_ROOT, file), 'utf8');
    } catch {
      continue; // a committed symlink to nowhere (the hostile corpus has some)
    }
    const agreed = expectAgreement(text, file);
    if (agreed) read += 1;
    // The hostile corpus is built to be awkward; the team files people write are the measure.
    if (file.endsWith('recurring_runs.yaml') && !file.includes('/corpus/')) {
      teamFiles += 1;
      if (agreed) teamFilesRead += 1;
    }
  }
  expect(files.length).toBeGreaterThan(100);
  expect(read).toBeGreaterThan(files.length / 4);
  expect(teamFiles).toBeGreaterThanOrEqual(3);
  expect(teamFilesRead).toBe(teamFiles);
});

test('agrees with yaml on 5,000 generated documents of plain and not-so-plain lines', () => {
  // A seeded generator (mulberry32), so a failure repeats.
  let seed = 20261130;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const keys = ['a', 'b', 'project', 'file_path', 'url', 'name', 'value', 'x y', '1', 'true', 'a:b', '"q"', '<<', '-a'];
  const values = ['', 'x', '"s"', "'t'", "'it''s'", '1', '-2', '3.5', '.5', '1e3', 'true', 'False', 'null', '~', 'a b', 'a # c', 'http://h/p', '0x10', '0o7', '"a\\"b"', '[1]', '{}', '&a x', '*a', '|', '>', '- x', 'a: b', ':', '#c', '12345678901234567890', '.inf', '-.5'];
  let read = 0;
  for (let n = 0; n < 5000; n++) {
    const lines: string[] = [];
    const count = 1 + Math.floor(random() * 8);
    for (let l = 0; l < count; l++) {
      const indent = ' '.repeat(pick([0, 0, 2, 2, 4, 6, 1, 3]));
      const shape = random();
      if (shape < 0.55) lines.push(`${indent}${pick(keys)}:${(() => { const v = pick(values); return v === '' ? '' : ` ${v}`; })()}`);
      else if (shape < 0.8) lines.push(`${indent}- ${pick(keys)}: ${pick(values)}`);
      else if (shape < 0.9) lines.push(`${indent}- ${pick(values)}`);
      else if (shape < 0.95) lines.push(`${indent}-`);
      else lines.push(pick(['', '# comment', `${indent}# c`, '---', '...', `${indent}plain`]));
    }
    if (expectAgreement(`${lines.join(pick(['\n', '\r\n']))}\n`, lines.join('⏎'))) read += 1;
  }
  // Most generated documents are deliberately awkward; enough are read to make the comparison count.
  expect(read).toBeGreaterThan(250);
});
