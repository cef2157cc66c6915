import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { PIPELINE_SPEC_FILE, renderedFolderName } from '../pipeline/layout';
import { readCommittedFolder } from '../render/rendered-folder';
import { renderCommand, type ResolveContext } from '../pipeline-sources/resolve-context';
import type { RecurringRunSpec } from '../team-config/model';

/**
 * A workspace pipeline's rendered folder must still match the digest render
 * recorded, or it was edited by hand, and deploying it would ship something
 * no pipeline.py produces. (The render target's inputs exclude its output,
 * so `render --check` does not see such an edit; the teams that deploy it do.)
 */
export async function handEditedRender(spec: RecurringRunSpec, ctx: ResolveContext): Promise<string | undefined> {
  const source = spec.pipelineSource;
  if (source.kind !== 'project') return undefined;
  const root = ctx.projectRoots.get(source.project);
  if (root === undefined) return undefined;
  const folder = path.resolve(ctx.workspaceRoot, root, renderedFolderName(source.variant));
  // The folder says which SDK rendered it: a v2 render holds pipeline.yaml, a v1 render workflow.yaml.
  const sdk = existsSync(path.join(folder, PIPELINE_SPEC_FILE)) ? 'v2' : 'v1';
  const committed = await readCommittedFolder(folder, ctx.workspaceRoot, sdk).catch(() => undefined);
  if (!committed?.recordedDigest || committed.recordedDigest === committed.digest) return undefined;
  const shown = path.relative(ctx.workspaceRoot, folder);
  return `${shown} was edited by hand: its content no longer matches its .kfp-digest; re-render it with ${renderCommand(ctx, source.project, source.variant)}`;
}
