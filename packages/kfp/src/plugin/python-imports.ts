import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

/** Top-level names a Python source imports (`import a.b` -> a, `from c.d import e` -> c); relative imports are skipped. */
export function importedModules(source: string): Set<string> {
  const names = new Set<string>();
  for (const rawLine of source.split('\n')) {
    const line = rawLine.replace(/#.*/, '');
    const from = /^\s*from\s+([A-Za-z_][\w.]*)\s+import\b/.exec(line);
    if (from) {
      names.add(from[1].split('.')[0]);
      continue;
    }
    const plain = /^\s*import\s+(.+)$/.exec(line);
    if (plain) {
      for (const part of plain[1].split(',')) {
        const name = part.trim().split(/\s+as\s+/)[0].trim();
        if (/^[A-Za-z_][\w.]*$/.test(name)) names.add(name.split('.')[0]);
      }
    }
  }
  return names;
}

const SKIPPED_DIRS = /^(__pycache__|node_modules|RENDERED_PIPELINE.*|\..*)$/;

/** Python files under a folder, skipping caches, hidden folders and rendered output. */
export function pythonFiles(folder: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.test(entry.name)) walk(join(dir, entry.name));
      } else if (entry.name.endsWith('.py')) files.push(join(dir, entry.name));
    }
  };
  if (existsSync(folder) && statSync(folder).isDirectory()) walk(folder);
  return files.sort();
}

function modulesImportedUnder(folder: string): Set<string> {
  const names = new Set<string>();
  for (const file of pythonFiles(folder)) for (const name of importedModules(readFileSync(file, 'utf8'))) names.add(name);
  return names;
}

/**
 * Maps shared Python folders to what pipelines import from them, so a change
 * to shared code re-renders exactly the pipelines that use it (directly or
 * through another shared folder). Each shared folder is on sys.path, and so is
 * the workspace root: a folder provides the modules inside it and its own
 * first path segment (`common_python/x.py` is importable as `x` and as
 * `common_python.x`).
 */
export class SharedPythonIndex {
  private readonly provides = new Map<string, Set<string>>();
  private readonly uses = new Map<string, Set<string>>();

  constructor(
    private readonly workspaceRoot: string,
    readonly sharedPaths: readonly string[],
  ) {
    for (const shared of sharedPaths) {
      const abs = join(workspaceRoot, shared);
      const names = new Set<string>([shared.split('/')[0]]);
      if (existsSync(abs)) {
        for (const entry of readdirSync(abs, { withFileTypes: true })) {
          if (entry.isFile() && entry.name.endsWith('.py')) names.add(basename(entry.name, '.py'));
          if (entry.isDirectory() && !SKIPPED_DIRS.test(entry.name)) names.add(entry.name);
        }
      }
      this.provides.set(shared, names);
    }
    for (const shared of sharedPaths) this.uses.set(shared, this.sharedFoldersFor(modulesImportedUnder(join(workspaceRoot, shared)), shared));
  }

  /** Shared folders a pipeline folder depends on, transitively, in option order. */
  usedBy(pipelineFolder: string): string[] {
    const direct = this.sharedFoldersFor(modulesImportedUnder(join(this.workspaceRoot, pipelineFolder)));
    const seen = new Set<string>();
    const visit = (shared: string) => {
      if (seen.has(shared)) return;
      seen.add(shared);
      for (const next of this.uses.get(shared) ?? []) visit(next);
    };
    direct.forEach(visit);
    return this.sharedPaths.filter((p) => seen.has(p));
  }

  private sharedFoldersFor(modules: Set<string>, self?: string): Set<string> {
    const found = new Set<string>();
    for (const [shared, names] of this.provides) {
      if (shared !== self && [...names].some((n) => modules.has(n))) found.add(shared);
    }
    return found;
  }
}
