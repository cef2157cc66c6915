import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readTextFile, realPathInside, SIZE_LIMITS, TextFileError } from '../files/read-text-file';
import { compiledFileName, DEFAULT_PIPELINE_SDK, PARAMS_DIR, PIPELINE_CONFIG_FILE, renderedFolderName, WORKFLOW_FILE } from '../pipeline/layout';
import { DEFAULT_PIPELINE_CONFIG, readPipelineConfig, type PipelineConfig } from '../pipeline/pipeline-config';
import { renderCommand, SourceError, type ResolveContext, type ResolvedFile, type ResolveOptions } from './resolve-context';
import type { ProjectParamSourceRef, ProjectSourceRef, WorkspaceSourceRef } from './source-ref';

export async function readProjectWorkflow(ref: ProjectSourceRef, ctx: ResolveContext, options: ResolveOptions = {}): Promise<ResolvedFile> {
  const folder = renderedFolder(ref.project, ref.variant, ctx);
  for (const name of options.folderFiles ?? [WORKFLOW_FILE]) {
    const file = path.join(folder, name);
    const content = await readText(file, ctx, options.maxBytes ?? SIZE_LIMITS.pipeline);
    if (content !== undefined) return { content, displayName: relative(ctx, file) };
  }
  const variant = ref.variant ? ` (variant ${ref.variant})` : '';
  const config = pipelineConfigOf(ref.project, ctx);
  const expected = compiledFileName(config?.sdk ?? DEFAULT_PIPELINE_SDK);
  throw new SourceError(`project ${ref.project} has no rendered output ${relative(ctx, path.join(folder, expected))}${variant}; ${missingRenderHint(ref, ctx)}`);
}

export async function readProjectParam(ref: ProjectParamSourceRef, ctx: ResolveContext): Promise<ResolvedFile> {
  const folder = renderedFolder(ref.project, ref.variant, ctx);
  const file = path.join(folder, PARAMS_DIR, ref.param);
  const content = await readText(file, ctx, SIZE_LIMITS.parameter);
  if (content === undefined) {
    const known = await fs.readdir(path.join(folder, PARAMS_DIR)).catch(() => undefined);
    const hint = known
      ? `it has ${known.length > 0 ? known.sort().join(', ') : 'no parameter files'}`
      : `there is no ${relative(ctx, path.join(folder, PARAMS_DIR))} folder; ${missingRenderHint(ref, ctx)}`;
    throw new SourceError(`project ${ref.project} has no parameter file ${relative(ctx, file)}: ${hint}`);
  }
  return { content, displayName: relative(ctx, file) };
}

export async function readWorkspaceFile(ref: WorkspaceSourceRef, ctx: ResolveContext, options: ResolveOptions = {}): Promise<ResolvedFile> {
  const absolute = path.resolve(ctx.workspaceRoot, ref.path);
  const inside = path.relative(ctx.workspaceRoot, absolute);
  if (inside.startsWith('..') || path.isAbsolute(inside)) throw new SourceError(`${ref.path} is outside the workspace`);
  const stat = await fs.stat(absolute).catch(() => undefined);
  if (!stat) throw new SourceError(`file not found: ${relative(ctx, absolute)}`);
  if (stat.isDirectory()) {
    if (!options.folderFiles) throw new SourceError(`${relative(ctx, absolute)} is a folder, not a file`);
    for (const name of options.folderFiles) {
      const content = await readText(path.join(absolute, name), ctx, options.maxBytes ?? SIZE_LIMITS.parameter);
      if (content !== undefined) return { content, displayName: relative(ctx, path.join(absolute, name)) };
    }
    throw new SourceError(`file not found: ${relative(ctx, path.join(absolute, options.folderFiles[0]))}`);
  }
  const content = await readText(absolute, ctx, options.maxBytes ?? SIZE_LIMITS.parameter);
  if (content === undefined) throw new SourceError(`file not found: ${relative(ctx, absolute)}`);
  return { content, displayName: relative(ctx, absolute) };
}

/**
 * What to do about a missing render. Rendering helps only when the variant asked
 * for is one the pipeline has: a pipeline with variants has no default render,
 * and a variant it does not declare is never rendered.
 */
function missingRenderHint(ref: { project: string; variant?: string }, ctx: ResolveContext): string {
  const variants = declaredVariants(ref.project, ctx);
  if (variants === undefined) return `run ${renderCommand(ctx, ref.project, ref.variant)}`;
  if (variants.length > 0 && ref.variant === undefined) return `the pipeline renders only its variants (${variants.join(', ')}): add \`variant: <one of them>\``;
  if (ref.variant !== undefined && !variants.includes(ref.variant)) {
    return variants.length > 0 ? `it has no variant "${ref.variant}" (variants: ${variants.join(', ')})` : `it has no variants: remove \`variant: ${ref.variant}\``;
  }
  return `run ${renderCommand(ctx, ref.project, ref.variant)}`;
}

/** The variants in the project's kfp-pipeline.yaml: none without that file, undefined when it cannot be read (render reports why). */
function declaredVariants(project: string, ctx: ResolveContext): string[] | undefined {
  const config = pipelineConfigOf(project, ctx);
  return config && Object.keys(config.variants ?? {});
}

/** The project's kfp-pipeline.yaml (the defaults without that file); undefined when it cannot be read. */
function pipelineConfigOf(project: string, ctx: ResolveContext): PipelineConfig | undefined {
  const file = path.resolve(ctx.workspaceRoot, ctx.projectRoots.get(project) ?? '', PIPELINE_CONFIG_FILE);
  if (!existsSync(file)) return DEFAULT_PIPELINE_CONFIG;
  try {
    return readPipelineConfig(file);
  } catch {
    return undefined;
  }
}

function renderedFolder(project: string, variant: string | undefined, ctx: ResolveContext): string {
  const root = ctx.projectRoots.get(project);
  if (root === undefined) throw new SourceError(`unknown project ${JSON.stringify(project)}: there is no Nx project of that name in the workspace`);
  return path.resolve(ctx.workspaceRoot, root, renderedFolderName(variant));
}

/** A file's text; undefined when it does not exist. Refuses what readTextFile refuses, and files that symlinks lead outside the workspace. */
async function readText(file: string, ctx: ResolveContext, maxBytes: number): Promise<string | undefined> {
  const shown = relative(ctx, file);
  try {
    return await readTextFile(await realPathInside(ctx.workspaceRoot, file, shown), maxBytes, shown);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    if (e instanceof TextFileError) throw new SourceError(e.message);
    throw new SourceError(`cannot read ${shown}: ${(e as Error).message}`);
  }
}

function relative(ctx: ResolveContext, file: string): string {
  return path.relative(ctx.workspaceRoot, file).split(path.sep).join('/');
}
