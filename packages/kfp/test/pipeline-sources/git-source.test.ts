import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveFile, resolvePipelineFile } from '../../src/pipeline-sources/resolve-file';
import type { ResolveContext } from '../../src/pipeline-sources/resolve-context';
import { commitFiles, createRepo, git } from './support/local-git';

describe('git sources against real local repositories', () => {
  let tmp: string;
  let origin: string;
  let originUrl: string;
  let ctx: ResolveContext;
  let firstCommit: string;

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'kfp-git-source-'));
    origin = createRepo(path.join(tmp, 'origin'));
    originUrl = pathToFileURL(origin).href;
    firstCommit = commitFiles(origin, {
      'pipelines/a/RENDERED_PIPELINE/workflow.yaml': 'kind: Workflow # v1\n',
      'pipelines/a/RENDERED_PIPELINE/params/message': 'Hello\nworld\n',
    });
    git(origin, 'tag', '-a', 'v1', '-m', 'release 1');
    ctx = { workspaceRoot: path.join(tmp, 'workspace'), projectRoots: new Map(), cacheDir: path.join(tmp, 'cache'), env: {} };
    await fs.mkdir(ctx.workspaceRoot);
  });
  afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

  it('reads a file at a branch, keeping its exact bytes, and names the commit', async () => {
    const file = await resolveFile({ kind: 'git', url: originUrl, ref: 'main', path: 'pipelines/a/RENDERED_PIPELINE/params/message' }, ctx);
    expect(file).toEqual({
      content: 'Hello\nworld\n',
      displayName: `git ${originUrl}@main:pipelines/a/RENDERED_PIPELINE/params/message`,
      revision: firstCommit,
    });
  });

  it('reads the workflow.yaml of a rendered folder for a pipeline, and refuses a folder for a plain file', async () => {
    const ref = { kind: 'git' as const, url: originUrl, ref: 'main', path: 'pipelines/a/RENDERED_PIPELINE' };
    const pipeline = await resolvePipelineFile(ref, ctx);
    expect([pipeline.content, pipeline.displayName]).toEqual(['kind: Workflow # v1\n', `git ${originUrl}@main:pipelines/a/RENDERED_PIPELINE/workflow.yaml`]);
    await expect(resolveFile(ref, ctx)).rejects.toThrow(
      `git ${originUrl}@main:pipelines/a/RENDERED_PIPELINE: pipelines/a/RENDERED_PIPELINE is a folder at commit ${firstCommit.slice(0, 12)}, not a file`,
    );
  });

  it('follows a branch that moves, on every call', async () => {
    const ref = { kind: 'git' as const, url: originUrl, ref: 'main', path: 'pipelines/a/RENDERED_PIPELINE/workflow.yaml' };
    expect((await resolveFile(ref, ctx)).content).toBe('kind: Workflow # v1\n');
    const second = commitFiles(origin, { 'pipelines/a/RENDERED_PIPELINE/workflow.yaml': 'kind: Workflow # v2\n' });
    const moved = await resolveFile(ref, ctx);
    expect([moved.content, moved.revision]).toEqual(['kind: Workflow # v2\n', second]);
  });

  it('reads an annotated tag at the commit it points to, and finds abbreviated SHAs', async () => {
    const tagged = await resolveFile({ kind: 'git', url: originUrl, ref: 'v1', path: 'pipelines/a/RENDERED_PIPELINE/workflow.yaml' }, ctx);
    expect([tagged.content, tagged.revision]).toEqual(['kind: Workflow # v1\n', firstCommit]);
    const short = await resolveFile({ kind: 'git', url: originUrl, ref: firstCommit.slice(0, 10), path: 'pipelines/a/RENDERED_PIPELINE/workflow.yaml' }, ctx);
    expect(short.revision).toBe(firstCommit);
  });

  it('accepts a plain path, relative to the workspace root', async () => {
    const file = await resolveFile({ kind: 'git', url: '../origin', ref: 'main', path: 'pipelines/a/RENDERED_PIPELINE/params/message' }, ctx);
    expect(file.content).toBe('Hello\nworld\n');
  });

  it('serves a full SHA from the cache without the remote, while a branch then fails clearly', async () => {
    const moving = createRepo(path.join(tmp, 'gone'));
    const sha = commitFiles(moving, { 'w.yaml': 'pinned\n' });
    const url = pathToFileURL(moving).href;
    expect((await resolveFile({ kind: 'git', url, ref: sha, path: 'w.yaml' }, ctx)).content).toBe('pinned\n');
    await fs.rm(moving, { recursive: true, force: true });
    expect(await resolveFile({ kind: 'git', url, ref: sha, path: 'w.yaml' }, ctx)).toEqual({ content: 'pinned\n', displayName: `git ${url}@${sha}:w.yaml`, revision: sha });
    await expect(resolveFile({ kind: 'git', url, ref: 'main', path: 'w.yaml' }, ctx)).rejects.toThrow(
      new RegExp(`^git ${escape(url)}@main:w\\.yaml: cannot list the remote's refs: fatal: .*`),
    );
  });

  it('names url, ref and path when the ref or the file does not exist', async () => {
    await expect(resolveFile({ kind: 'git', url: originUrl, ref: 'nope', path: 'x.yaml' }, ctx)).rejects.toThrow(
      `git ${originUrl}@nope:x.yaml: no branch, tag or commit named "nope" in the repository`,
    );
    await expect(resolveFile({ kind: 'git', url: originUrl, ref: 'main', path: 'missing/workflow.yaml' }, ctx)).rejects.toThrow(
      new RegExp(`^git ${escape(originUrl)}@main:missing/workflow\\.yaml: missing/workflow\\.yaml does not exist at commit [0-9a-f]{12}$`),
    );
  });

  it('never shows credentials written into a URL', async () => {
    const url = 'http://user:hunter2@127.0.0.1:9/repo.git';
    const failure = await resolveFile({ kind: 'git', url, ref: 'main', path: 'w.yaml' }, ctx).then(
      () => new Error('expected a failure'),
      (e: Error) => e,
    );
    expect(failure.message).toMatch(/^git http:\/\/\*\*\*@127\.0\.0\.1:9\/repo\.git@main:w\.yaml: cannot list the remote's refs: /);
    expect(failure.message).not.toContain('hunter2');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
