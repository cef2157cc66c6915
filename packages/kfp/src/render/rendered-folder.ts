import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { readTextFile, realPathInside, SIZE_LIMITS } from '../files/read-text-file';
import { DIGEST_FILE, PARAMS_DIR, type PipelineSdk } from '../pipeline/layout';
import { COMPILED_FORMATS, type CompiledKinds } from './compiled-file';
import { renderDigest, type NormalizedRender } from './normalize';

interface RenderedContentOf<S extends PipelineSdk> extends NormalizedRender {
  sdk: S;
  /** The compiled file (workflow.yaml, pipeline.yaml) exactly as the compiler wrote it. */
  text: string;
  parsed: CompiledKinds[S];
  /** Digest of the normalised content. */
  digest: string;
}

/** A rendered pipeline folder's content: what is committed, or what a render produced (`sdk` tells which kind). */
export type RenderedContent<S extends PipelineSdk = PipelineSdk> = S extends PipelineSdk ? RenderedContentOf<S> : never;

export type CommittedFolder<S extends PipelineSdk = PipelineSdk> = RenderedContent<S> & {
  /** The digest recorded in the folder, if any. */
  recordedDigest?: string;
};

/** Builds the normalised, hashed form of a compiled file's text and its params. */
export function renderedContent<S extends PipelineSdk>(
  sdk: S,
  text: string,
  params: ReadonlyMap<string, string>,
  file: string,
  parsed: CompiledKinds[S] = COMPILED_FORMATS[sdk].parse(text, file),
): RenderedContent<S> {
  const format = COMPILED_FORMATS[sdk];
  const documents = format.documents(parsed);
  const content: RenderedContentOf<S> = { sdk, text, parsed, documents, params, digest: renderDigest({ documents, params }, format.digestVersion) };
  // TypeScript does not narrow a distributive conditional type by a generic S; for each S it is RenderedContentOf<S>.
  return content as RenderedContent<S>;
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
 * The committed rendered folder of a pipeline of the given SDK (v1 unless
 * told), or undefined when it has no compiled file of that SDK yet
 * (workflow.yaml, pipeline.yaml). With `root`, a file that a symbolic link
 * leads outside it is refused.
 */
export async function readCommittedFolder(folder: string, root?: string): Promise<CommittedFolder<'v1'> | undefined>;
export async function readCommittedFolder<S extends PipelineSdk>(folder: string, root: string | undefined, sdk: S): Promise<CommittedFolder<S> | undefined>;
export async function readCommittedFolder(folder: string, root?: string, sdk: PipelineSdk = 'v1'): Promise<CommittedFolder | undefined> {
  const compiledFile = join(folder, COMPILED_FORMATS[sdk].file);
  const text = await readRenderedFile(compiledFile, SIZE_LIMITS.pipeline, root);
  if (text === undefined) return undefined;
  const params = await readParamsDir(join(folder, PARAMS_DIR), root);
  const content = renderedContent(sdk, text, params, compiledFile);
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
    await writeFile(join(staging, COMPILED_FORMATS[content.sdk].file), content.text);
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
