import { createHash } from 'node:crypto';

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
  /** The parsed workflow without volatile keys. */
  workflow: unknown;
  /** Parameter name -> file content, exactly as written. */
  params: ReadonlyMap<string, string>;
}

const DIGEST_VERSION = 'kfp-render-digest/v1';

/** A content hash of the normalised output: `sha256:<hex>`. */
export function renderDigest(render: NormalizedRender): string {
  const params = [...render.params.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const hash = createHash('sha256').update(DIGEST_VERSION).update('\0').update(canonicalJson(render.workflow));
  for (const [name, value] of params) hash.update('\0').update(name).update('\0').update(value);
  return `sha256:${hash.digest('hex')}`;
}
