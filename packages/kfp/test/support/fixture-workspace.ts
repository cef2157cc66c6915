import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../../../..');
export const REPO_PYTHON = join(REPO_ROOT, '.venv/bin/python');
export const REPO_PYTHON_V2 = join(REPO_ROOT, '.venv-v2/bin/python');
/** nx and @nx/devkit as this repository pins them. */
const NX_PACKAGES = Object.fromEntries(
  Object.entries(JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).devDependencies as Record<string, string>).filter(([name]) => name === 'nx' || name === '@nx/devkit'),
);

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, for messages. */
  output: string;
}

export interface FixtureWorkspace {
  root: string;
  /** Runs the real Nx CLI of this repository in the fixture. */
  nx(args: string[], env?: NodeJS.ProcessEnv): CommandResult;
  /** Same, without blocking the test's event loop (needed when the test itself serves HTTP, e.g. an in-process emulator). */
  nxAsync(args: string[], env?: NodeJS.ProcessEnv): Promise<CommandResult>;
  git(args: string[]): CommandResult;
  write(path: string, content: string): void;
  read(path: string): string;
  exists(path: string): boolean;
  remove(path: string): void;
  /** Copies a folder of this repository into the fixture. */
  copyFromRepo(from: string, to?: string): void;
  commit(message: string): void;
  /** `git status --porcelain`, '' when clean. */
  status(): string;
  dispose(): void;
}

export interface FixtureOptions {
  /** Options of the kfp plugin entry in nx.json. */
  pluginOptions?: Record<string, unknown>;
  files?: Record<string, string>;
  /** Link this repository's Python environment in as `.venv` (the plugin's default interpreter location) instead of naming it in nx.json. */
  venv?: boolean;
}

/** Folders of this repository a fixture uses through links: the packages (so `kfp` is the built plugin) and, optionally, the Python environment. */
const LINKED_FOLDERS = ['node_modules', '.venv', '.venv-v2'];

/**
 * A git-initialised temporary Nx workspace that uses this repository's
 * node_modules (so `kfp` resolves to the built plugin) and Python environment.
 * Nx runs without daemon, cloud or TUI, with caches inside the fixture.
 */
export function createFixtureWorkspace(options: FixtureOptions = {}): FixtureWorkspace {
  const root = mkdtempSync(join(tmpdir(), 'kfp-nx-fixture-'));
  const links = options.venv ? LINKED_FOLDERS : LINKED_FOLDERS.filter((folder) => !folder.startsWith('.venv'));
  for (const folder of links) symlinkSync(join(REPO_ROOT, folder), join(root, folder), 'dir');
  const python = options.venv ? {} : { python: REPO_PYTHON, pythonV2: REPO_PYTHON_V2 };
  const files: Record<string, string> = {
    // It lists what its linked node_modules has, so the generators' init finds Nx and its devkit installed.
    'package.json': JSON.stringify({ name: 'fixture', private: true, devDependencies: NX_PACKAGES }, null, 2),
    'nx.json': JSON.stringify({ plugins: [{ plugin: 'kfp', options: { ...python, ...options.pluginOptions } }] }, null, 2),
    '.gitignore': 'node_modules\n.nx\n.venv\n.venv-v2\n',
    ...options.files,
  };
  const ws = fixtureAt(root);
  for (const [path, content] of Object.entries(files)) ws.write(path, content);
  expectOk(ws.git(['init', '-q', '-b', 'main']), 'git init');
  return ws;
}

/**
 * Another checkout of a fixture's committed files at a path of its own, as a
 * second CI machine has it: its own (empty) Nx caches, nothing untracked, the
 * same links to this repository's packages and Python environment.
 */
export function cloneFixtureWorkspace(origin: FixtureWorkspace): FixtureWorkspace {
  const root = mkdtempSync(join(tmpdir(), 'kfp-nx-clone-'));
  expectOk(origin.git(['clone', '-q', origin.root, root]), 'git clone');
  for (const folder of LINKED_FOLDERS) {
    if (existsSync(join(origin.root, folder))) symlinkSync(join(REPO_ROOT, folder), join(root, folder), 'dir');
  }
  return fixtureAt(root);
}

/** A FixtureWorkspace for a folder that already holds the workspace. */
function fixtureAt(root: string): FixtureWorkspace {
  const env = nxTestEnvironment(root, { KFP_PYTHON: undefined, KFP_PYTHON_V2: undefined, NX_SKIP_NX_CACHE: undefined });

  const run = (command: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): CommandResult => {
    const result = spawnSync(command, args, { cwd: root, env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 180_000 });
    const stdout = result.stdout ?? '';
    const stderr = result.stderr ?? '';
    return { code: result.status ?? 1, stdout, stderr, output: `${stdout}\n${stderr}` };
  };
  const runAsync = (command: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}) => runCommand(command, args, { cwd: root, env: { ...env, ...extraEnv } });
  const nxBin = join(REPO_ROOT, 'node_modules/nx/dist/bin/nx.js');
  const ws: FixtureWorkspace = {
    root,
    nx: (args, extraEnv) => run(process.execPath, [nxBin, ...args], extraEnv),
    nxAsync: (args, extraEnv) => runAsync(process.execPath, [nxBin, ...args], extraEnv),
    git: (args) => run('git', args),
    write(path, content) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    },
    read: (path) => readFileSync(join(root, path), 'utf8'),
    exists: (path) => existsSync(join(root, path)),
    remove: (path) => rmSync(join(root, path), { recursive: true, force: true }),
    copyFromRepo(from, to = from) {
      cpSync(join(REPO_ROOT, from), join(root, to), { recursive: true });
    },
    commit(message) {
      expectOk(ws.git(['add', '-A']), 'git add');
      expectOk(ws.git(['commit', '-q', '--allow-empty', '-m', message]), 'git commit');
    },
    status: () => ws.git(['status', '--porcelain']).stdout.trim(),
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
  return ws;
}

/**
 * The environment every test command runs Nx and git in: Node 24 first on PATH,
 * no daemon, cloud, TUI or prompts, caches inside the workspace, and a git
 * identity with the workspace as its own repository.
 */
export function nxTestEnvironment(root: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${dirname(process.execPath)}:${process.env.PATH}`,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    NX_INTERACTIVE: 'false',
    NX_CACHE_DIRECTORY: join(root, '.nx/cache'),
    NX_WORKSPACE_DATA_DIRECTORY: join(root, '.nx/workspace-data'),
    CI: 'true',
    FORCE_COLOR: '0',
    GIT_CEILING_DIRECTORIES: dirname(root),
    GIT_AUTHOR_NAME: 'fixture',
    GIT_AUTHOR_EMAIL: 'fixture@example.com',
    GIT_COMMITTER_NAME: 'fixture',
    GIT_COMMITTER_EMAIL: 'fixture@example.com',
    ...extra,
  };
}

/** Runs a command without blocking the test's event loop (tests that serve HTTP, e.g. an in-process emulator, need that). */
export function runCommand(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<CommandResult> {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? 1, stdout, stderr, output: `${stdout}\n${stderr}` });
    });
  });
}

/** A fixture with this repository's own projects (pipelines, shared Python code, team-1), committed. */
/** This repository's pipeline projects (name → workspace-relative root), as inference names them: by folder. */
export function repoPipelineProjects(): Map<string, string> {
  const dir = join(REPO_ROOT, 'projects/pipelines');
  return new Map(readdirSync(dir).sort().map((name) => [name, `projects/pipelines/${name}`]));
}

export function createProjectsFixture(): FixtureWorkspace {
  const ws = createFixtureWorkspace({ pluginOptions: { sharedPythonPaths: ['projects/common_python'] } });
  for (const path of ['projects/pipelines', 'projects/common_python', 'projects/teams']) ws.copyFromRepo(path);
  ws.commit('this repository\'s projects');
  return ws;
}

export function expectOk(result: CommandResult, what: string): CommandResult {
  if (result.code !== 0) throw new Error(`${what} failed with exit code ${result.code}:\n${result.output}`);
  return result;
}
