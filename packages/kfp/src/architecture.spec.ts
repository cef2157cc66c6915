import { readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { preProcessFile } from 'typescript';

// The layers of ARCHITECTURE.md, bottom to top: a module imports from its own
// layer or the ones below, never from above, and nothing imports the executors
// (they are thin edges over the domain code). Every folder of src/ is placed,
// so a new one takes a decision here and in ARCHITECTURE.md. The emulator is a
// package apart: neither imports the other.
const LAYERS: string[][] = [
  ['utils', 'files', 'workspace-files', 'terminal', 'naming', 'node-version.ts'],
  ['config-file', 'cron', 'github'],
  ['schedule', 'workflow', 'pipeline-spec'],
  ['kfp-client'],
  ['pipeline', 'connection', 'lock'],
  ['render', 'pipeline-sources', 'python'],
  ['team-config', 'ci', 'run'],
  ['validate'],
  ['reconcile'],
  ['json-schemas', 'plugin', 'generators', 'migrations', 'executors', 'cli', 'index.ts'],
];

const SRC = __dirname;
const REPO_ROOT = join(SRC, '../../..');
const EMULATOR_SRC = join(REPO_ROOT, 'packages/kfp-emulator/src');
const layerOf = new Map(LAYERS.flatMap((modules, layer) => modules.map((m) => [m, layer] as const)));

/** The top-level folder (or file) of src/ that a path belongs to; undefined outside src/. */
function moduleOf(path: string): string | undefined {
  const inside = relative(SRC, path);
  if (inside.startsWith('..') || inside === '' || inside === 'architecture.spec.ts') return undefined;
  return inside.split(sep)[0];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

interface ModuleImport {
  file: string;
  from: string;
  to: string;
}

/** What a file imports, exports from, imports dynamically or requires: relative imports as absolute paths, packages by name. */
function importsOf(file: string): string[] {
  return preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map(({ fileName }) =>
    fileName.startsWith('.') ? resolve(dirname(file), fileName) : fileName,
  );
}

/** Every import between two modules of src/ (specs included). */
const imports: ModuleImport[] = sourceFiles(SRC).flatMap((file) => {
  const from = moduleOf(file);
  if (from === undefined) return [];
  return importsOf(file)
    .map((target) => ({ file: relative(SRC, file), from, to: moduleOf(target) }))
    .filter((i): i is ModuleImport => i.to !== undefined && i.to !== from);
});

test('every module of src/ has a layer', () => {
  const modules = readdirSync(SRC).filter((name) => !name.endsWith('.spec.ts'));
  expect(modules.filter((m) => !layerOf.has(m))).toEqual([]);
  expect([...layerOf.keys()].filter((m) => !modules.includes(m))).toEqual([]);
});

test('the import scan sees the imports (a broken scan would pass every rule)', () => {
  expect(imports.length).toBeGreaterThan(200);
  expect(imports).toContainEqual({ file: join('reconcile', 'reconcile-team.ts'), from: 'reconcile', to: 'validate' });
});

test('nothing outside src/executors imports from it', () => {
  expect(imports.filter((i) => i.to === 'executors').map((i) => `${i.file} imports executors`)).toEqual([]);
});

test('no import runs up the layers', () => {
  const upward = imports.filter((i) => layerOf.get(i.to)! > layerOf.get(i.from)!);
  expect(upward.map((i) => `${i.file} (${i.from}) imports ${i.to}, a layer above`)).toEqual([]);
});

test('the folders import each other without a cycle (within a layer, too)', () => {
  const graph = new Map<string, Set<string>>();
  for (const i of imports) graph.set(i.from, (graph.get(i.from) ?? new Set()).add(i.to));
  const cycles: string[] = [];
  const done = new Set<string>();
  const visit = (module: string, path: string[]) => {
    if (path.includes(module)) return void cycles.push([...path.slice(path.indexOf(module)), module].join(' -> '));
    if (done.has(module)) return;
    for (const next of graph.get(module) ?? []) visit(next, [...path, module]);
    done.add(module);
  };
  for (const module of graph.keys()) visit(module, []);
  expect(cycles).toEqual([]);
});

test('the plugin and the emulator import nothing of each other (only tests start the emulator)', () => {
  const reaches = (target: string, otherSrc: string, otherPackage: string) =>
    isAbsolute(target) ? !relative(otherSrc, target).startsWith('..') : target === otherPackage || target.startsWith(`${otherPackage}/`);
  const across = (files: string[], otherSrc: string, otherPackage: string) =>
    files.flatMap((file) => importsOf(file).filter((target) => reaches(target, otherSrc, otherPackage)).map((target) => `${relative(REPO_ROOT, file)} imports ${isAbsolute(target) ? relative(REPO_ROOT, target) : target}`));
  expect(across(sourceFiles(SRC), EMULATOR_SRC, 'kfp-emulator')).toEqual([]);
  expect(across(sourceFiles(EMULATOR_SRC), SRC, 'kfp')).toEqual([]);
});
