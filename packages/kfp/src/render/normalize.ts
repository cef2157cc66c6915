import { createHash } from 'node:crypto';
import type { PipelineSdk } from '../pipeline/layout';
import type { CompiledPipelineSpec } from '../pipeline-spec/pipeline-spec';

/**
 * Keys the KFP v1 compiler fills with the compile time and the SDK version.
 * They change on every compile (or SDK upgrade) without the pipeline changing,
 * so they are ignored wherever they appear: workflow annotations and labels
 * and every template's labels.
 */
export const VOLATILE_KEYS: ReadonlySet<string> = new Set([
  'pipelines.kubeflow.org/pipeline_compilation_time',
  'pipelines.kubeflow.org/kfp_sdk_version',
]);

/** A deep copy of `value` without the volatile keys. */
export function withoutVolatileKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutVolatileKeys);
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      if (!VOLATILE_KEYS.has(key)) out[key] = withoutVolatileKeys(child);
    }
    return out;
  }
  return value;
}

/**
 * What the kfp 2.x compiler writes that changes without the pipeline changing:
 * only the IR's top-level `sdkVersion` (`kfp-2.8.0`). Found by compiling the
 * same v2 pipeline (lightweight and container components, a YAML component
 * loaded from a file, kfp-kubernetes secrets and volumes, a condition, a loop,
 * an exit handler, an importer) twice, seconds apart, from two folders, with
 * different PYTHONHASHSEED and TZ: the files were byte for byte identical
 * except that the 2.x IR has no compile time at all (v1 records one), and the
 * IR records no file paths, unlike a v1 component_ref. Only an SDK upgrade
 * changes `sdkVersion`; it also changes the `kfp==<version>` that lightweight
 * components pip-install at run time, which is kept, since it changes what
 * runs. The key is dropped only at the top of the IR: a parameter or task
 * may be named sdkVersion, and its changes must count.
 */
export const VOLATILE_SPEC_KEYS: ReadonlySet<string> = new Set(['sdkVersion']);

/** The documents of a v2 render as compared and hashed: the IR without its volatile keys, then the platform spec. */
export function normalizedPipelineSpec(compiled: CompiledPipelineSpec): unknown[] {
  const spec = Object.fromEntries(Object.entries(compiled.spec).filter(([key]) => !VOLATILE_SPEC_KEYS.has(key)));
  return compiled.platformSpec ? [withoutVolatileKeys(spec), withoutVolatileKeys(compiled.platformSpec)] : [withoutVolatileKeys(spec)];
}

/** JSON with object keys sorted, so equal documents serialise identically. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/** What a render produces, in the form that is compared and hashed. */
export interface NormalizedRender {
  /** The compiled file's documents without volatile keys: the workflow (v1); the IR and its platform spec, if any (v2). */
  documents: readonly unknown[];
  /** Parameter name -> file content, exactly as written. */
  params: ReadonlyMap<string, string>;
}

/**
 * The first thing each digest hashes. The v1 string predates v2 and never
 * changes: committed .kfp-digest files of v1 renders must stay valid. v2 has
 * its own, so a digest says which kind of render it is of.
 */
export const DIGEST_VERSIONS: Readonly<Record<PipelineSdk, string>> = {
  v1: 'kfp-render-digest/v1',
  v2: 'kfp-render-digest/pipeline-spec/v1',
};

/** A content hash of the normalised output: `sha256:<hex>`. */
export function renderDigest(render: NormalizedRender, version: string): string {
  const params = [...render.params.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const hash = createHash('sha256').update(version);
  for (const document of render.documents) hash.update('\0').update(canonicalJson(document));
  for (const [name, value] of params) hash.update('\0').update(name).update('\0').update(value);
  return `sha256:${hash.digest('hex')}`;
}
