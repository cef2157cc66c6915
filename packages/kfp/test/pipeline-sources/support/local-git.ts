// Real git repositories in temp folders, for git and GitHub source tests.

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const IDENTITY = ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false'];

export function git(repo: string, ...args: string[]): string {
  return execFileSync('git', [...IDENTITY, '-C', repo, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** `git init` with a `main` branch. */
export function createRepo(dir: string): string {
  mkdirSync(dir, { recursive: true });
  execFileSync('git', ['init', '--quiet', '--initial-branch=main', dir], { stdio: 'ignore' });
  return dir;
}

/** Writes the files, commits them all, and returns the new commit SHA. */
export function commitFiles(repo: string, files: Record<string, string>, message = 'update'): string {
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(repo, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  git(repo, 'add', '--all');
  git(repo, 'commit', '--quiet', '-m', message);
  return git(repo, 'rev-parse', 'HEAD').trim();
}
