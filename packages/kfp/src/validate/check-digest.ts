import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { readTextFile, realPathInside, SIZE_LIMITS } from '../files/read-text-file';
import type { CompiledPipeline } from '../pipeline/compiled-pipeline';
import { compiledFileName, DIGEST_FILE, PARAMS_DIR, PIPELINE_SPEC_FILE, renderedFolderName, type PipelineSdk } from '../pipeline/layout';
import { readCommittedFolder, readParamsDir, renderedContent, type CommittedFolder } from '../render/rendered-folder';
import { renderCommand, type ResolveContext } from '../pipeline-sources/resolve-context';
import type { RecurringRunSpec } from '../team-config/model';

/** The pipeline file validate has read and parsed for a run. */
export interface ReadPipeline {
  text: string;
  /** Workspace-relative, `/`-separated. */
  displayName: string;
  compiled: CompiledPipeline;
}

/**
 * A workspace pipeline's rendered folder must still match the digest render
 * recorded, or it was edited by hand, and deploying it would ship something
 * no pipeline.py produces. (The render target's inputs exclude its output,
 * so `render --check` does not see such an edit; the teams that deploy it do.)
 */
export async function handEditedRender(spec: RecurringRunSpec, ctx: ResolveContext, read?: ReadPipeline): Promise<string | undefined> {
  const source = spec.pipelineSource;
  if (source.kind !== 'project') return undefined;
  const root = ctx.projectRoots.get(source.project);
  if (root === undefined) return undefined;
  const folder = path.resolve(ctx.workspaceRoot, root, renderedFolderName(source.variant));
  // The folder says which SDK rendered it: a v2 render holds pipeline.yaml, a v1 render workflow.yaml.
  const sdk = existsSync(path.join(folder, PIPELINE_SPEC_FILE)) ? 'v2' : 'v1';
  const committed = await committedFolder(folder, ctx.workspaceRoot, sdk, read).catch(() => undefined);
  if (!committed?.recordedDigest || committed.recordedDigest === committed.digest) return undefined;
  const shown = path.relative(ctx.workspaceRoot, folder);
  return `${shown} was edited by hand: its content no longer matches its .kfp-digest; re-render it with ${renderCommand(ctx, source.project, source.variant)}`;
}

/**
 * The committed folder, with its compiled file taken as validate read and
 * parsed it when that is the file (so each pipeline file is parsed once), else
 * read here.
 */
async function committedFolder(folder: string, root: string, sdk: PipelineSdk, read: ReadPipeline | undefined): Promise<CommittedFolder | undefined> {
  const file = path.join(folder, compiledFileName(sdk));
  if (!read || read.compiled.sdk !== sdk || read.displayName !== path.relative(root, file).split(path.sep).join('/')) return readCommittedFolder(folder, root, sdk);
  const params = await readParamsDir(path.join(folder, PARAMS_DIR), root);
  const { compiled } = read;
  const content =
    compiled.sdk === 'v1'
      ? renderedContent('v1', read.text, params, file, compiled.workflow)
      : renderedContent('v2', read.text, params, file, { spec: compiled.spec, ...(compiled.platformSpec ? { platformSpec: compiled.platformSpec } : {}) });
  const digestFile = path.join(folder, DIGEST_FILE);
  const recorded = await realPathInside(root, digestFile, digestFile)
    .then((real) => readTextFile(real, SIZE_LIMITS.parameter, digestFile))
    .catch(() => undefined);
  return { ...content, recordedDigest: recorded?.trim() || undefined };
}
