// Git sources: one bare, blob-less partial clone per URL under the cache dir.
// A branch or tag is looked up on the remote every time (it follows new
// commits); a full commit SHA already in the cache needs no network at all.

import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { decodeText, SIZE_LIMITS } from '../files/read-text-file';
import { describeSource } from './display-name';
import { gitReason, gitTimeoutMs, runGit, type GitResult } from './git-cli';
import { SourceError, type ResolveContext, type ResolvedFile, type ResolveOptions } from './resolve-context';
import type { GitSourceRef } from './source-ref';

type Git = (args: readonly string[], cwd: string, output?: { bytes?: boolean }) => Promise<GitResult>;

const FULL_SHA = /^([0-9a-f]{40}|[0-9a-f]{64})$/i;
const SHORT_SHA = /^[0-9a-f]{4,63}$/i;

export async function readGitFile(ref: GitSourceRef, ctx: ResolveContext, options: ResolveOptions = {}): Promise<ResolvedFile> {
  const where = describeSource(ref);
  const url = remoteLocation(ref.url, ctx.workspaceRoot);
  const git: Git = (args, cwd, output) => runGit(args, cwd, gitTimeoutMs(ctx.env), output);
  try {
    const repo = await withRepoLock(url, async () => {
      const dir = await ensureCacheRepo(git, url, ctx.cacheDir, where);
      const commit = await resolveCommit(git, dir, ref.ref, where);
      return { dir, commit };
    });
    const content = await readAtCommit(git, repo.dir, repo.commit, ref.path, options, where);
    return { content: content.text, displayName: `${where}${content.suffix}`, revision: repo.commit };
  } catch (e) {
    // runGit's own failures (a timeout, git missing) do not say which source they were reading.
    if (e instanceof SourceError && !e.message.startsWith(where)) throw new SourceError(`${where}: ${e.message}`);
    throw e;
  }
}

/** Relative local paths are relative to the workspace, not to the cache repository. */
export function remoteLocation(url: string, workspaceRoot: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url;
  // scp-like `host:path` or `user@host:path`: a colon before any slash.
  if (/^[^/]+:/.test(url) && !path.isAbsolute(url)) return url;
  return path.resolve(workspaceRoot, url);
}

const locks = new Map<string, Promise<unknown>>();

// Git commands on one repository are serialised within this process.
async function withRepoLock<T>(key: string, action: () => Promise<T>): Promise<T> {
  const previous = locks.get(key) ?? Promise.resolve();
  const run = previous.then(action, action);
  const tail = run.catch(() => undefined);
  locks.set(key, tail);
  try {
    return await run;
  } finally {
    if (locks.get(key) === tail) locks.delete(key);
  }
}

async function ensureCacheRepo(git: Git, url: string, cacheDir: string, where: string): Promise<string> {
  const hash = createHash('sha256').update(url).digest('hex').slice(0, 16);
  const base = path.basename(url.replace(/\/+$/, '')).replace(/\.git$/, '').replace(/[^A-Za-z0-9._-]/g, '_') || 'repo';
  const dir = path.join(cacheDir, 'git', `${base}-${hash}.git`);
  if (await isDirectory(dir)) return dir;

  await fs.mkdir(path.dirname(dir), { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const setup: string[][] = [
      ['init', '--quiet', '--bare', tmp],
      ['-C', tmp, 'config', 'core.repositoryformatversion', '1'],
      ['-C', tmp, 'remote', 'add', 'origin', url],
      // A blob-less partial clone: commits and trees now, file contents on demand.
      ['-C', tmp, 'config', 'remote.origin.promisor', 'true'],
      ['-C', tmp, 'config', 'remote.origin.partialclonefilter', 'blob:none'],
      ['-C', tmp, 'config', 'extensions.partialClone', 'origin'],
    ];
    for (const args of setup) {
      const result = await git(args, cacheDir);
      if (result.exitCode !== 0) throw new SourceError(`${where}: cannot create the cache repository: ${gitReason(result)}`);
    }
    await fs.rename(tmp, dir).catch(async (e: NodeJS.ErrnoException) => {
      // Another process created it first; use theirs.
      if (!(await isDirectory(dir))) throw e;
    });
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
  return dir;
}

async function resolveCommit(git: Git, dir: string, ref: string, where: string): Promise<string> {
  if (FULL_SHA.test(ref)) {
    const sha = ref.toLowerCase();
    if (await hasCommit(git, dir, sha)) return sha;
    await fetch(git, dir, ['--depth=1', sha], where).catch(() => fetchAllRefs(git, dir, where));
    if (await hasCommit(git, dir, sha)) return sha;
    throw new SourceError(`${where}: commit ${sha} is not in the repository`);
  }

  const listed = await git(['ls-remote', 'origin', ref, `${ref}^{}`], dir);
  if (listed.exitCode !== 0) throw new SourceError(`${where}: cannot list the remote's refs: ${gitReason(listed)}`);
  const sha = pickRef(listed.stdout, ref);
  if (sha) {
    // Only the commit itself (and its trees): history is not needed to read a file.
    if (!(await hasCommit(git, dir, sha))) await fetch(git, dir, ['--depth=1', sha], where);
    return sha;
  }
  if (SHORT_SHA.test(ref)) {
    await fetchAllRefs(git, dir, where);
    const parsed = await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], dir);
    if (parsed.exitCode === 0) return parsed.stdout.trim();
  }
  throw new SourceError(`${where}: no branch, tag or commit named ${JSON.stringify(ref)} in the repository`);
}

/** The commit a ref names in `git ls-remote` output: exact ref, then branch, then (peeled) tag. */
function pickRef(lsRemote: string, ref: string): string | undefined {
  const byName = new Map<string, string>();
  for (const line of lsRemote.split('\n')) {
    const [sha, name] = line.split('\t');
    if (sha && name) byName.set(name, sha);
  }
  const candidates = ref.startsWith('refs/')
    ? [`${ref}^{}`, ref]
    : [`refs/heads/${ref}`, `refs/tags/${ref}^{}`, `refs/tags/${ref}`];
  for (const name of candidates) {
    const sha = byName.get(name);
    if (sha) return sha;
  }
  return undefined;
}

async function fetch(git: Git, dir: string, refspecs: string[], where: string): Promise<void> {
  const result = await git(['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', 'origin', ...refspecs], dir);
  if (result.exitCode !== 0) throw new SourceError(`${where}: fetch failed: ${gitReason(result)}`);
}

// Full history of every branch and tag: needed to find a commit by an abbreviated SHA.
async function fetchAllRefs(git: Git, dir: string, where: string): Promise<void> {
  const shallow = await git(['rev-parse', '--is-shallow-repository'], dir);
  const unshallow = shallow.stdout.trim() === 'true' ? ['--unshallow'] : [];
  await fetch(git, dir, [...unshallow, '+refs/heads/*:refs/remotes/origin/*', '+refs/tags/*:refs/tags/*'], where);
}

async function hasCommit(git: Git, dir: string, sha: string): Promise<boolean> {
  const result = await git(['cat-file', '-e', `${sha}^{commit}`], dir);
  return result.exitCode === 0;
}

async function readAtCommit(
  git: Git,
  dir: string,
  commit: string,
  filePath: string,
  options: ResolveOptions,
  where: string,
): Promise<{ text: string; suffix: string }> {
  const clean = filePath.replace(/^\.\/+/, '').replace(/\/+$/, '');
  const type = await git(['cat-file', '-t', `${commit}:${clean}`], dir);
  const short = commit.slice(0, 12);
  if (type.exitCode !== 0) throw new SourceError(`${where}: ${clean} does not exist at commit ${short}`);
  let target = clean;
  let suffix = '';
  if (type.stdout.trim() === 'tree') {
    if (!options.folderFiles) throw new SourceError(`${where}: ${clean} is a folder at commit ${short}, not a file`);
    const inside = await firstExisting(options.folderFiles, async (name) => (await git(['cat-file', '-e', `${commit}:${clean}/${name}`], dir)).exitCode === 0);
    if (!inside) throw new SourceError(`${where}: ${clean} is a folder without ${options.folderFiles.join(' or ')} at commit ${short}`);
    target = `${clean}/${inside}`;
    suffix = `/${inside}`;
  }
  const size = await git(['cat-file', '-s', `${commit}:${target}`], dir);
  const maxBytes = options.maxBytes ?? SIZE_LIMITS.parameter;
  if (size.exitCode === 0 && Number(size.stdout.trim()) > maxBytes) {
    throw new SourceError(`${where}: ${target} is ${size.stdout.trim()} bytes at commit ${short}, above the limit of ${maxBytes} bytes for this kind of file`);
  }
  const blob = await git(['cat-file', 'blob', `${commit}:${target}`], dir, { bytes: true });
  if (blob.exitCode !== 0) throw new SourceError(`${where}: cannot read ${target} at commit ${short}: ${gitReason(blob)}`);
  try {
    return { text: decodeText(blob.stdoutBytes ?? new Uint8Array(), `${where}${suffix}`), suffix };
  } catch (e) {
    throw new SourceError((e as Error).message);
  }
}

async function firstExisting(names: readonly string[], exists: (name: string) => Promise<boolean>): Promise<string | undefined> {
  for (const name of names) if (await exists(name)) return name;
  return undefined;
}

async function isDirectory(p: string): Promise<boolean> {
  return fs.stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );
}
