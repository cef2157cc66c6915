import type { NormalizedRender } from './normalize';
import { isRecord } from '../utils/is-record';

/** Floats closer than this are equal, as in the reference comparison. */
const FLOAT_TOLERANCE = 1e-9;

export interface ValueDifference {
  /** Dotted path into the document, e.g. `spec.templates[2].container.image`. */
  path: string;
  kind: 'changed' | 'added' | 'removed';
  before?: unknown;
  after?: unknown;
}

/** Structural differences between two parsed documents, in document order. */
export function diffValues(before: unknown, after: unknown, path = ''): ValueDifference[] {
  if (valuesEqual(before, after)) return [];
  if (isRecord(before) && isRecord(after)) {
    const diffs: ValueDifference[] = [];
    for (const key of Object.keys(before)) {
      const childPath = joinKey(path, key);
      if (!(key in after)) diffs.push({ path: childPath, kind: 'removed', before: before[key] });
      else diffs.push(...diffValues(before[key], after[key], childPath));
    }
    for (const key of Object.keys(after)) {
      if (!(key in before)) diffs.push({ path: joinKey(path, key), kind: 'added', after: after[key] });
    }
    return diffs;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((item, i) => diffValues(item, after[i], `${path}[${i}]`));
  }
  return [{ path: path || '(document)', kind: 'changed', before, after }];
}

/** Deep equality: same keys, same order of list items, same types, floats within tolerance. */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') {
    return Number.isInteger(a) === Number.isInteger(b) && Math.abs(a - b) <= FLOAT_TOLERANCE;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => valuesEqual(item, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && valuesEqual(a[k], b[k]));
  }
  return false;
}

export interface ParamsDifference {
  added: string[];
  removed: string[];
  changed: string[];
}

export function diffParams(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): ParamsDifference {
  const sorted = (names: Iterable<string>) => [...names].sort();
  return {
    added: sorted([...after.keys()].filter((k) => !before.has(k))),
    removed: sorted([...before.keys()].filter((k) => !after.has(k))),
    changed: sorted([...after.keys()].filter((k) => before.has(k) && before.get(k) !== after.get(k))),
  };
}

export interface RenderComparison {
  equal: boolean;
  /** Differences of the compiled file's documents, in document order. */
  documents: ValueDifference[];
  params: ParamsDifference;
}

/**
 * Compares two renders document by document. A document only one side has (a
 * v2 platform spec added or removed) is compared with an empty one, so its
 * keys show as added or removed. Paths need no document number: an IR's
 * top-level keys never include the platform spec's `platforms`.
 */
export function compareRenders(before: NormalizedRender, after: NormalizedRender): RenderComparison {
  const count = Math.max(before.documents.length, after.documents.length);
  const documents = Array.from({ length: count }, (_, i) => diffValues(before.documents[i] ?? {}, after.documents[i] ?? {})).flat();
  const params = diffParams(before.params, after.params);
  const equal = documents.length === 0 && params.added.length + params.removed.length + params.changed.length === 0;
  return { equal, documents, params };
}

function joinKey(path: string, key: string): string {
  const segment = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : JSON.stringify(key);
  return path ? `${path}.${segment}` : segment;
}
