import { SIZE_LIMITS } from '../files/read-text-file';
import { PIPELINE_SPEC_FILE, WORKFLOW_FILE } from '../pipeline/layout';

/** What a rendered folder holds: a v1 render's workflow, or a v2 render's pipeline IR. */
export const RENDERED_FILES = [WORKFLOW_FILE, PIPELINE_SPEC_FILE] as const;
import { readGitFile } from './git-source';
import { readGithubFile } from './github-source';
import type { ResolveContext, ResolvedFile, ResolveOptions } from './resolve-context';
import type { PipelineSourceRef, SourceRef } from './source-ref';
import { readProjectParam, readProjectWorkflow, readWorkspaceFile } from './workspace-source';

/** Reads the file a source names. Throws a SourceError that names the source. */
export async function resolveFile(ref: SourceRef, ctx: ResolveContext, options: ResolveOptions = {}): Promise<ResolvedFile> {
  switch (ref.kind) {
    case 'project':
      return readProjectWorkflow(ref, ctx, options);
    case 'project-param':
      return readProjectParam(ref, ctx);
    case 'workspace':
      return readWorkspaceFile(ref, ctx, options);
    case 'git':
      return readGitFile(ref, ctx, options);
    case 'github':
      return readGithubFile(ref, ctx, options);
  }
}

/** Reads a pipeline source; a folder (a rendered folder) means its workflow.yaml. */
export function resolvePipelineFile(ref: PipelineSourceRef, ctx: ResolveContext): Promise<ResolvedFile> {
  return resolveFile(ref, ctx, { folderFiles: RENDERED_FILES, maxBytes: SIZE_LIMITS.pipeline });
}
