// The workspace's files as Nx's file index lists them, without loading Nx. Its
// native walker (the `ignore` crate) skips node_modules, .git and Nx's caches
// and honours, in this order of precedence: .nxignore, .ignore and .gitignore
// files at every level (the deepest first), then .git/info/exclude, the user's
// global excludes file and, for a workspace inside a larger git repository,
// the .gitignore files between the two. Symbolic links are listed, never
// followed. (Nx's own walker is slower here: it also hashes every file.)

import { existsSync, readdirSync, readFileSync, type Dirent } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { IgnoreRules } from './ignore-rules';

const ALWAYS_SKIPPED = ['node_modules', '.git', '.nx/cache', '.nx/workspace-data', '.yarn/cache'];
/** Highest precedence first. */
const IGNORE_FILES = ['.nxignore', '.ignore', '.gitignore'] as const;

type Level = Partial<Record<(typeof IGNORE_FILES)[number], IgnoreRules>>;

/** What applies below the workspace from outside it. */
interface OuterRules {
  /** Folders above a workspace that is in no git repository, nearest first. */
  parentLevels: Level[];
  /** After every level, in this order. */
  fallbacks: IgnoreRules[];
}

/** Workspace-relative (`/`-separated) paths of the files whose name `wanted` accepts. */
export function listWorkspaceFiles(workspaceRoot: string, wanted: (fileName: string) => boolean, env: NodeJS.ProcessEnv = process.env): string[] {
  const root = resolve(workspaceRoot);
  const rootPath = toPosix(root);
  const outer = outerRules(root, env);
  const found: string[] = [];
  const visit = (folder: string, relativeFolder: string, levels: Level[]) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return; // an unreadable folder is skipped, as Nx's walker skips it
    }
    const here = [readLevel(folder, (name) => entries.some((e) => e.name === name && !e.isDirectory())), ...levels];
    for (const entry of entries) {
      const relative = relativeFolder ? `${relativeFolder}/${entry.name}` : entry.name;
      if (ALWAYS_SKIPPED.some((skipped) => relative === skipped || relative.endsWith(`/${skipped}`))) continue;
      const isFolder = entry.isDirectory();
      if (isIgnored(`${rootPath === '/' ? '' : rootPath}/${relative}`, isFolder, here, outer)) continue;
      if (isFolder) visit(join(folder, entry.name), relative, here);
      else if (wanted(entry.name)) found.push(relative);
    }
  };
  visit(root, '', outer.parentLevels);
  return found.sort();
}

function isIgnored(path: string, isFolder: boolean, levels: readonly Level[], outer: OuterRules): boolean {
  for (const kind of IGNORE_FILES) {
    for (const level of levels) {
      const verdict = level[kind]?.verdict(path, isFolder);
      if (verdict) return verdict === 'ignore';
    }
  }
  for (const rules of outer.fallbacks) {
    const verdict = rules.verdict(path, isFolder);
    if (verdict) return verdict === 'ignore';
  }
  return false;
}

/** The ignore files of one folder; `has` tells from its listing which exist (no failed reads in the many folders without any). */
function readLevel(folder: string, has: (fileName: string) => boolean): Level {
  const level: Level = {};
  for (const kind of IGNORE_FILES) {
    if (has(kind)) level[kind] = readRules(join(folder, kind), folder);
  }
  return level;
}

function outerRules(root: string, env: NodeJS.ProcessEnv): OuterRules {
  const gitRoot = ancestors(root).find((folder) => existsSync(join(folder, '.git')));
  const fallbacks: IgnoreRules[] = [];
  const exclude = gitRoot === root ? readRules(join(root, '.git', 'info', 'exclude'), root) : undefined;
  if (exclude) fallbacks.push(exclude);
  const global = globalExcludesFile(env);
  const globalRules = global ? readRules(global, '/') : undefined;
  if (globalRules) fallbacks.push(globalRules);
  if (gitRoot === undefined) {
    // Outside any repository, every folder above counts, as a parent level.
    const parentLevels = ancestors(root).slice(1).map((folder) => readLevel(folder, (name) => existsSync(join(folder, name))));
    return { parentLevels, fallbacks };
  }
  // Inside a larger repository, the .gitignore files from the workspace's parent up to the repository root
  // (checked outermost first, as Nx adds them).
  const between = gitRoot === root ? [] : ancestors(root).slice(1, ancestors(root).indexOf(gitRoot) + 1);
  for (const folder of between.reverse()) {
    const rules = readRules(join(folder, '.gitignore'), folder);
    if (rules) fallbacks.push(rules);
  }
  return { parentLevels: [], fallbacks };
}

/** core.excludesFile of the user's git configuration, else git's default place for it. */
function globalExcludesFile(env: NodeJS.ProcessEnv): string | undefined {
  const home = env.HOME ?? homedir();
  const xdg = env.XDG_CONFIG_HOME || join(home, '.config');
  for (const config of [join(xdg, 'git', 'config'), join(home, '.gitconfig')]) {
    const text = readText(config);
    const match = text && /^\s*excludesfile\s*=\s*(.+?)\s*$/im.exec(text);
    if (match) return match[1].replace(/^"(.*)"$/, '$1').replace(/^~(?=\/)/, home);
  }
  return join(xdg, 'git', 'ignore');
}

function readRules(file: string, folder: string): IgnoreRules | undefined {
  const text = readText(file);
  return text === undefined ? undefined : IgnoreRules.parse(text, toPosix(folder));
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The folder itself, then each folder above it. */
function ancestors(folder: string): string[] {
  const chain = [folder];
  while (dirname(chain[chain.length - 1]) !== chain[chain.length - 1]) chain.push(dirname(chain[chain.length - 1]));
  return chain;
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}
