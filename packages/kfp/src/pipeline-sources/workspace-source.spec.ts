import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeSource, redactUrl } from './display-name';
import { resolveFile, resolvePipelineFile } from './resolve-file';
import type { ResolveContext } from './resolve-context';

describe('workspace sources', () => {
  let ctx: ResolveContext;
  beforeAll(async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'kfp-ws-source-'));
    const rendered = path.join(root, 'projects', 'pipe', 'RENDERED_PIPELINE');
    await fs.mkdir(path.join(rendered, 'params'), { recursive: true });
    await fs.writeFile(path.join(rendered, 'workflow.yaml'), 'kind: Workflow\n');
    await fs.writeFile(path.join(rendered, 'params', 'message'), 'hi\n');
    // A pipeline with variants dev and prod, of which only dev is rendered.
    await fs.mkdir(path.join(root, 'projects', 'multi', 'RENDERED_PIPELINE_dev'), { recursive: true });
    await fs.writeFile(path.join(root, 'projects', 'multi', 'kfp-pipeline.yaml'), 'variants:\n  dev: {}\n  prod: {}\n');
    await fs.writeFile(path.join(root, 'projects', 'multi', 'RENDERED_PIPELINE_dev', 'workflow.yaml'), 'kind: Workflow\n');
    // A v2 pipeline not rendered yet.
    await fs.mkdir(path.join(root, 'projects', 'v2pipe'), { recursive: true });
    await fs.writeFile(path.join(root, 'projects', 'v2pipe', 'kfp-pipeline.yaml'), 'sdk: v2\n');
    ctx = {
      workspaceRoot: root,
      projectRoots: new Map([
        ['pipe', 'projects/pipe'],
        ['multi', 'projects/multi'],
        ['v2pipe', 'projects/v2pipe'],
      ]),
      cacheDir: path.join(root, '.cache'),
      env: {},
    };
  });
  afterAll(() => fs.rm(ctx.workspaceRoot, { recursive: true, force: true }));

  it('reads a project rendered workflow and parameter files', async () => {
    expect(await resolveFile({ kind: 'project', project: 'pipe' }, ctx)).toEqual({
      content: 'kind: Workflow\n',
      displayName: 'projects/pipe/RENDERED_PIPELINE/workflow.yaml',
    });
    expect(await resolveFile({ kind: 'project-param', project: 'pipe', param: 'message' }, ctx)).toEqual({
      content: 'hi\n',
      displayName: 'projects/pipe/RENDERED_PIPELINE/params/message',
    });
  });

  it('tells how to produce a missing rendered output, which for a variant the pipeline lacks is not a render', async () => {
    await expect(resolveFile({ kind: 'project', project: 'multi', variant: 'prod' }, ctx)).rejects.toThrow(
      'project multi has no rendered output projects/multi/RENDERED_PIPELINE_prod/workflow.yaml (variant prod); run nx run multi:render --variant prod',
    );
    await expect(resolveFile({ kind: 'project', project: 'multi' }, ctx)).rejects.toThrow(
      'project multi has no rendered output projects/multi/RENDERED_PIPELINE/workflow.yaml; the pipeline renders only its variants (dev, prod): add `variant: <one of them>`',
    );
    await expect(resolveFile({ kind: 'project', project: 'multi', variant: 'test' }, ctx)).rejects.toThrow(
      'project multi has no rendered output projects/multi/RENDERED_PIPELINE_test/workflow.yaml (variant test); it has no variant "test" (variants: dev, prod)',
    );
    await expect(resolveFile({ kind: 'project', project: 'v2pipe' }, ctx)).rejects.toThrow(
      'project v2pipe has no rendered output projects/v2pipe/RENDERED_PIPELINE/pipeline.yaml; run nx run v2pipe:render',
    );
    await expect(resolveFile({ kind: 'project', project: 'pipe', variant: 'prod' }, ctx)).rejects.toThrow(
      'project pipe has no rendered output projects/pipe/RENDERED_PIPELINE_prod/workflow.yaml (variant prod); it has no variants: remove `variant: prod`',
    );
    await expect(resolveFile({ kind: 'project-param', project: 'multi', param: 'message' }, ctx)).rejects.toThrow(
      'project multi has no parameter file projects/multi/RENDERED_PIPELINE/params/message: there is no projects/multi/RENDERED_PIPELINE/params folder; the pipeline renders only its variants (dev, prod): add `variant: <one of them>`',
    );
    await expect(resolveFile({ kind: 'project-param', project: 'pipe', param: 'other' }, ctx)).rejects.toThrow(
      'project pipe has no parameter file projects/pipe/RENDERED_PIPELINE/params/other: it has message',
    );
    await expect(resolveFile({ kind: 'project', project: 'ghost' }, ctx)).rejects.toThrow(
      'unknown project "ghost": there is no Nx project of that name in the workspace',
    );
  });

  it('reads workspace paths; a rendered folder means its workflow.yaml for a pipeline only', async () => {
    const folder = { kind: 'workspace' as const, path: 'projects/pipe/RENDERED_PIPELINE' };
    expect((await resolvePipelineFile(folder, ctx)).displayName).toBe('projects/pipe/RENDERED_PIPELINE/workflow.yaml');
    await expect(resolveFile(folder, ctx)).rejects.toThrow('projects/pipe/RENDERED_PIPELINE is a folder, not a file');
    await expect(resolveFile({ kind: 'workspace', path: 'nope.yaml' }, ctx)).rejects.toThrow('file not found: nope.yaml');
    await expect(resolveFile({ kind: 'workspace', path: '../outside.yaml' }, ctx)).rejects.toThrow('../outside.yaml is outside the workspace');
  });
});

describe('describeSource', () => {
  it('names every kind of source, hiding URL credentials', () => {
    expect(describeSource({ kind: 'project', project: 'p', variant: 'dev' })).toBe('project p (RENDERED_PIPELINE_dev/workflow.yaml)');
    expect(describeSource({ kind: 'github', owner: 'o', repo: 'r', ref: 'main', path: 'w.yaml' })).toBe('github:o/r@main:w.yaml');
    expect(describeSource({ kind: 'git', url: 'https://me:tok@git.example.com/r.git', ref: 'v1', path: 'w.yaml' })).toBe(
      'git https://***@git.example.com/r.git@v1:w.yaml',
    );
    expect(redactUrl('git@github.com:o/r.git')).toBe('git@github.com:o/r.git');
  });
});
