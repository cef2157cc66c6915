import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveFile, resolvePipelineFile } from '../../src/pipeline-sources/resolve-file';
import type { ResolveContext } from '../../src/pipeline-sources/resolve-context';
import type { GithubSourceRef } from '../../src/pipeline-sources/source-ref';
import { startFakeGithub, type FakeGithub } from './support/fake-github';
import { commitFiles, createRepo } from './support/local-git';

const TOKEN = 'ghp_test-token-value';

describe('GitHub sources against a loopback GitHub API serving a real repository', () => {
  let tmp: string;
  let repo: string;
  let github: FakeGithub;
  let firstCommit: string;
  let cacheCount = 0;

  const context = (env: ResolveContext['env'] = { GITHUB_TOKEN: TOKEN }): ResolveContext => ({
    workspaceRoot: tmp,
    projectRoots: new Map(),
    cacheDir: path.join(tmp, `cache-${cacheCount++}`),
    env: { GITHUB_API_URL: github.apiUrl, ...env },
  });
  const source = (ref: string, filePath: string): GithubSourceRef => ({ kind: 'github', owner: 'acme', repo: 'ml', ref, path: filePath });

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'kfp-github-source-'));
    repo = createRepo(path.join(tmp, 'acme-ml'));
    firstCommit = commitFiles(repo, {
      'p/RENDERED_PIPELINE/workflow.yaml': 'kind: Workflow # v1\n',
      'p/RENDERED_PIPELINE/params/message': 'Hello world!\n',
    });
    github = await startFakeGithub({ repos: { 'acme/ml': repo }, token: TOKEN, prefix: '/api/v3' });
  });
  afterAll(async () => {
    await github.close();
    await fs.rm(tmp, { recursive: true, force: true });
  });
  beforeEach(() => {
    github.requests.length = 0;
    github.rateLimited = false;
  });

  it('resolves the ref to a commit, then reads the file at that commit', async () => {
    const file = await resolveFile(source('main', 'p/RENDERED_PIPELINE/params/message'), context());
    expect(file).toEqual({ content: 'Hello world!\n', displayName: 'github:acme/ml@main:p/RENDERED_PIPELINE/params/message', revision: firstCommit });
    expect(github.requests).toEqual([
      'GET /api/v3/repos/acme/ml/commits/main',
      `GET /api/v3/repos/acme/ml/contents/p/RENDERED_PIPELINE/params/message?ref=${firstCommit}`,
    ]);
  });

  it('caches per commit: a branch asks for its commit every time, a full SHA needs no request once cached', async () => {
    const ctx = context();
    await resolveFile(source('main', 'p/RENDERED_PIPELINE/workflow.yaml'), ctx);
    await resolveFile(source('main', 'p/RENDERED_PIPELINE/workflow.yaml'), ctx);
    expect(github.requests.filter((r) => r.includes('/contents/'))).toHaveLength(1);
    expect(github.requests.filter((r) => r.includes('/commits/'))).toHaveLength(2);

    github.requests.length = 0;
    expect((await resolveFile(source(firstCommit, 'p/RENDERED_PIPELINE/workflow.yaml'), ctx)).content).toBe('kind: Workflow # v1\n');
    expect(github.requests).toEqual([]);
  });

  it('follows a branch that moves', async () => {
    const ctx = context();
    const branchRepo = createRepo(path.join(tmp, 'moving'));
    commitFiles(branchRepo, { 'w.yaml': 'one\n' });
    const moving = await startFakeGithub({ repos: { 'acme/moving': branchRepo } });
    try {
      const ref: GithubSourceRef = { kind: 'github', owner: 'acme', repo: 'moving', ref: 'main', path: 'w.yaml', apiUrl: moving.apiUrl };
      expect((await resolveFile(ref, ctx)).content).toBe('one\n');
      const second = commitFiles(branchRepo, { 'w.yaml': 'two\n' });
      expect(await resolveFile(ref, ctx)).toMatchObject({ content: 'two\n', revision: second });
    } finally {
      await moving.close();
    }
  });

  it('reads workflow.yaml when a pipeline path is a rendered folder', async () => {
    const file = await resolvePipelineFile(source('main', 'p/RENDERED_PIPELINE'), context());
    expect([file.content, file.displayName]).toEqual(['kind: Workflow # v1\n', 'github:acme/ml@main:p/RENDERED_PIPELINE/workflow.yaml']);
  });

  it('explains unknown refs and missing files', async () => {
    await expect(resolveFile(source('nope', 'x.yaml'), context())).rejects.toThrow(
      'github:acme/ml@nope:x.yaml: GitHub found no commit for git_reference "nope" in acme/ml (or the token cannot read the repository)',
    );
    await expect(resolveFile(source('main', 'missing.yaml'), context())).rejects.toThrow(
      `github:acme/ml@main:missing.yaml: missing.yaml does not exist at commit ${firstCommit.slice(0, 12)} (or the token cannot read the repository)`,
    );
  });

  it('suggests GITHUB_TOKEN when a private repository looks missing, and reports a bad token without showing it', async () => {
    await expect(resolveFile(source('main', 'x.yaml'), context({}))).rejects.toThrow(
      'github:acme/ml@main:x.yaml: GitHub found no commit for git_reference "main" in acme/ml; if the repository is private, set GITHUB_TOKEN',
    );
    const failure = await resolveFile(source('main', 'x.yaml'), context({ GITHUB_TOKEN: 'wrong-secret' })).catch((e: Error) => e);
    expect(String(failure)).toBe('SourceError: github:acme/ml@main:x.yaml: GitHub rejected the credentials (401 Bad credentials): GITHUB_TOKEN is invalid or expired');
  });

  it('explains the rate limit', async () => {
    github.rateLimited = true;
    await expect(resolveFile(source('main', 'x.yaml'), context({}))).rejects.toThrow(
      'github:acme/ml@main:x.yaml: GitHub API rate limit exceeded; it resets at 2023-11-14T22:13:20.000Z; set GITHUB_TOKEN to get a much higher limit',
    );
  });

  it('reports an unreachable API without leaking the token', async () => {
    const failure = await resolveFile({ ...source('main', 'x.yaml'), apiUrl: 'http://127.0.0.1:9/api/v3' }, context()).catch((e: Error) => e);
    expect(String(failure)).toBe('SourceError: github:acme/ml@main:x.yaml: cannot reach http://127.0.0.1:9 (ECONNREFUSED)');
    expect(String(failure)).not.toContain(TOKEN);
  });
});
