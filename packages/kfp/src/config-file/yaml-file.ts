// Team files are parsed with the `yaml` package (YAML 1.2 core schema, like the
// reference's ruamel round-trip loader) keeping the node tree, so that every
// problem can point at a line and column and dates keep their source text.

import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node, type ScalarTag } from 'yaml';
import { formatDocPath, lastKey, type ConfigProblem, type DocPath, type PendingProblem } from './problems';

/** An explicit `!!timestamp` tag keeps its text; dates are normalised later. */
const explicitTimestampTag: ScalarTag = {
  tag: 'tag:yaml.org,2002:timestamp',
  resolve: (text: string) => text,
};

export interface YamlFile {
  /** Workspace-relative path, used in problems. */
  file: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** The plain data, or undefined when the text is not valid YAML. */
  data: unknown;
  /** Syntax errors and parser warnings. */
  problems: ConfigProblem[];
}

export function parseYamlFile(text: string, file: string): YamlFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    merge: true,
    prettyErrors: false,
    uniqueKeys: true,
    customTags: [explicitTimestampTag],
  });
  const problems: ConfigProblem[] = [];
  // `at` names the key the problem is about, when the parser's position tells it.
  const problemAt = (offset: number, message: string, severity: ConfigProblem['severity'] = 'error', at: DocPath = []) => {
    const pos = lineCounter.linePos(offset);
    problems.push({ severity, file, line: pos.line, column: pos.col, path: formatDocPath(at), key: lastKey(at), message });
  };
  // Only the first syntax error: the parser's later ones mostly follow from it. Duplicate keys do not derail it.
  const syntaxErrors = doc.errors.filter((issue, i) => i === 0 || issue.code === 'DUPLICATE_KEY');
  for (const issue of syntaxErrors) {
    const [start, end] = issue.pos;
    if (issue.code === 'DUPLICATE_KEY') {
      const at = pathAt(doc, start);
      const key = at.length > 0 ? lastKey(at) : text.slice(start, end);
      problemAt(start, `invalid YAML: the key ${JSON.stringify(key)} appears twice in this mapping`, 'error', at);
    } else if (issue.code === 'MULTIPLE_DOCS') {
      problemAt(start, 'invalid YAML: a second document starts here; the file must hold exactly one document');
    } else {
      problemAt(start, `invalid YAML: ${issue.message.split('\n')[0]}`);
    }
  }
  for (const issue of doc.warnings) {
    const [start, end] = issue.pos;
    // A tag the loader does not know (!!python/object, !foo) would be dropped silently: config files take plain YAML values.
    if (issue.code === 'TAG_RESOLVE_FAILED') {
      problemAt(start, `the tag ${text.slice(start, end)} is not allowed: use plain YAML values (text, numbers, true/false, null, lists and mappings)`, 'error', pathAt(doc, start));
    } else problemAt(start, issue.message.split('\n')[0], 'warning');
  }
  let data: unknown;
  if (problems.every((p) => p.severity !== 'error')) {
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const offset = firstAliasOffset(doc);
      problemAt(offset, `invalid YAML: ${aliasProblem(error as Error)}`, 'error', /Unresolved alias/.test((error as Error).message) ? pathAt(doc, offset) : []);
    }
  }
  // A string gets a NUL from the text itself or from an escape: only such a text is walked.
  if (/\u0000|\\(0|x00|u0000|U00000000)/.test(text)) visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && node.value.includes('\u0000')) {
        const offset = node.range?.[0] ?? 0;
        problemAt(offset, 'the text holds a NUL character (\\0), which no KFP field can hold', 'error', pathAt(doc, offset));
      }
    },
  });
  return { file, doc, lineCounter, data: problems.some((p) => p.severity === 'error') ? undefined : data, problems };
}

/** Alias uses allowed in one file; a team file needs a handful. */
const MAX_ALIAS_COUNT = 1000;

/** Why `toJS` failed on aliases, in words a person can act on (not the parser's "resource exhaustion attack"). */
export function aliasProblem(error: Error, maxAliasCount = MAX_ALIAS_COUNT): string {
  if (/Excessive alias count/.test(error.message)) return `aliases expand to too much data (more than ${maxAliasCount} uses; a "billion laughs" document)`;
  if (/Unresolved alias/.test(error.message)) return error.message.replace(/^Unresolved alias \(the anchor must be set before the alias\): (.*)$/, 'the alias *$1 names no anchor defined before it');
  return error.message;
}

/** Where the first alias that names no anchor is, else the first alias. */
export function firstAliasOffset(doc: Document): number {
  let first: number | undefined;
  let unresolved: number | undefined;
  visit(doc, {
    Alias(_, node) {
      first ??= node.range?.[0];
      if (node.resolve(doc) === undefined) {
        unresolved = node.range?.[0];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return unresolved ?? first ?? 0;
}

/**
 * The document path of the deepest mapping entry or list item at a character
 * offset (a key, a value, or the tag or anchor written before a value).
 */
function pathAt(doc: Document, offset: number): DocPath {
  const path: Array<string | number> = [];
  let node: unknown = doc.contents;
  for (;;) {
    // A tag or anchor before a mapping or list belongs to it, not to its first entry.
    if ((isMap(node) || isSeq(node)) && offset < (rangeStart(node) ?? 0)) break;
    if (isMap(node)) {
      const pair = node.items.find((p) => {
        const start = rangeStart(p.key);
        const end = rangeEnd(p.value) ?? rangeEnd(p.key);
        return start !== undefined && end !== undefined && start <= offset && offset < end;
      });
      const key = pair ? keyText(pair.key) : undefined;
      if (!pair || key === undefined) break;
      path.push(key);
      const keyEnd = rangeEnd(pair.key);
      if (keyEnd !== undefined && offset < keyEnd) break;
      node = pair.value;
    } else if (isSeq(node)) {
      // The first item that ends after the offset: the offset is in it, or in the tag or anchor before it.
      const index = node.items.findIndex((item) => (rangeEnd(item) ?? -1) > offset);
      if (index < 0) break;
      path.push(index);
      node = node.items[index];
    } else {
      break;
    }
  }
  return path;
}

/**
 * The 1-based position of the node at `path`: the key for a mapping entry, the
 * item for a list entry. A path that does not exist (a missing key) resolves to
 * the deepest part that does, i.e. the parent mapping's key.
 */
export function positionOf(yaml: YamlFile, path: DocPath): { line: number; column: number } {
  let node: unknown = yaml.doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const segment of path) {
    node = resolveAlias(yaml, node);
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(segment));
      if (!pair) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else {
      break;
    }
  }
  const pos = yaml.lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col };
}

/** The source text of a scalar at `path` (e.g. `0777` for a number), if any. */
export function sourceTextOf(yaml: YamlFile, path: DocPath): string | undefined {
  const node = resolveAlias(yaml, yaml.doc.getIn(path, true));
  if (!isScalar(node)) return undefined;
  return typeof node.source === 'string' ? node.source : String(node.value);
}

/** Turns pending problems into positioned ones. */
export function locate(yaml: YamlFile, pending: readonly PendingProblem[]): ConfigProblem[] {
  return pending.map((p) => {
    const { line, column } = positionOf(yaml, p.path);
    return { severity: p.severity, file: yaml.file, line, column, path: formatDocPath(p.path), key: lastKey(p.path), message: p.message };
  });
}

/** The mapping keys of the document, with their paths, at any depth. */
export function allKeys(yaml: YamlFile): Array<{ key: string; path: DocPath }> {
  const found: Array<{ key: string; path: DocPath }> = [];
  const walk = (node: unknown, path: DocPath): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = keyText(pair.key);
        if (key === undefined) continue;
        found.push({ key, path: [...path, key] });
        walk(pair.value, [...path, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => walk(item, [...path, index]));
    }
  };
  walk(yaml.doc.contents, []);
  return found;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Partial<Node> | null | undefined)?.range;
  return range ? range[0] : undefined;
}

function rangeEnd(node: unknown): number | undefined {
  const range = (node as Partial<Node> | null | undefined)?.range;
  return range ? range[2] : undefined;
}

function resolveAlias(yaml: YamlFile, node: unknown): unknown {
  return isAlias(node) ? node.resolve(yaml.doc) : node;
}
