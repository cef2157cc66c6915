import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { readTextFile, realPathInside, SIZE_LIMITS } from '../files/read-text-file';
import { DIGEST_FILE, PARAMS_DIR, WORKFLOW_FILE } from '../pipeline/layout';
import { parseArgoWorkflow, type ArgoWorkflow } from '../workflow/argo-workflow';
import { renderDigest, withoutVolatileKeys, type NormalizedRender } from './normalize';

/** A rendered pipeline folder's content: what is committed, or what a render produced. */
export interface RenderedContent extends NormalizedRender {
  /** workflow.yaml exactly as the compiler wrote it. */
  workflowText: string;
  parsed: ArgoWorkflow;
  /** Digest of the normalised content. */
  digest: string;
}

export interface CommittedFolder extends RenderedContent {
  /** The digest recorded in the folder, if any. */
  recordedDigest?: string;
}

/** Builds the normalised, hashed form of a workflow text and its params. */
export function renderedContent(
  workflowText: string,
  params: ReadonlyMap<string, string>,
  file: string,
  parsed: ArgoWorkflow = parseArgoWorkflow(workflowText, file),
): RenderedContent {
  const workflow = withoutVolatileKeys(parsed);
  return { workflowText, parsed, workflow, params, digest: renderDigest({ workflow, params }) };
}

/** Reads `params/*` (regular files only, as the reference does). */
export async function readParamsDir(dir: string, root?: string): Promise<Map<string, string>> {
  const params = new Map<string, string>();
  const entries = await readdir(dir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [];
    throw e;
  });
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!entry.isFile()) continue;
    const value = await readRenderedFile(join(dir, entry.name), SIZE_LIMITS.parameter, root);
    if (value !== undefined) params.set(entry.name, value);
  }
  return params;
}

/**
 * The committed rendered folder, or undefined when it has no workflow.yaml yet.
 * With `root`, a file that a symbolic link leads outside it is refused.
 */
export async function readCommittedFolder(folder: string, root?: string): Promise<CommittedFolder | undefined> {
  const workflowFile = join(folder, WORKFLOW_FILE);
  const workflowText = await readRenderedFile(workflowFile, SIZE_LIMITS.pipeline, root);
  if (workflowText === undefined) return undefined;
  const params = await readParamsDir(join(folder, PARAMS_DIR), root);
  const content = renderedContent(workflowText, params, workflowFile);
  const recorded = await readRenderedFile(join(folder, DIGEST_FILE), SIZE_LIMITS.parameter, root).catch(() => undefined);
  return { ...content, recordedDigest: recorded?.trim() || undefined };
}

/** A file of a rendered folder, read as every file the plugin deploys is (a FIFO or a device never blocks it); undefined when missing. */
async function readRenderedFile(file: string, maxBytes: number, root: string | undefined): Promise<string | undefined> {
  let real = file;
  if (root !== undefined) {
    try {
      real = await realPathInside(root, file, file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw e;
    }
  }
  return readTextFile(real, maxBytes, file);
}

/**
 * Replaces the rendered folder with new content. The new folder is written
 * beside the old one and swapped in with renames, so a crash leaves either the
 * old or the new folder, never a half-written one.
 */
export async function writeRenderedFolder(folder: string, content: RenderedContent): Promise<void> {
  const parent = dirname(folder);
  const suffix = randomBytes(4).toString('hex');
  const staging = join(parent, `.${basename(folder)}.new-${suffix}`);
  const retired = join(parent, `.${basename(folder)}.old-${suffix}`);
  await mkdir(join(staging, PARAMS_DIR), { recursive: true });
  try {
    await writeFile(join(staging, WORKFLOW_FILE), content.workflowText);
    for (const [name, value] of content.params) await writeFile(join(staging, PARAMS_DIR, name), value);
    if (content.params.size === 0) await rm(join(staging, PARAMS_DIR), { recursive: true });
    await writeFile(join(staging, DIGEST_FILE), `${content.digest}\n`);
    const hadOld = existsSync(folder);
    if (hadOld) await rename(folder, retired);
    await rename(staging, folder);
    if (hadOld) await rm(retired, { recursive: true, force: true });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/** Records the digest of an unchanged folder (first render of a folder made by other tools). */
export async function writeDigest(folder: string, digest: string): Promise<void> {
  await writeFile(join(folder, DIGEST_FILE), `${digest}\n`);
}
