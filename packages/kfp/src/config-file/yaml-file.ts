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
  const problemAt = (offset: number, message: string, severity: ConfigProblem['severity'] = 'error') => {
    const pos = lineCounter.linePos(offset);
    problems.push({ severity, file, line: pos.line, column: pos.col, path: '', key: '', message });
  };
  for (const issue of doc.errors) problemAt(issue.pos[0], `invalid YAML: ${issue.message.split('\n')[0]}`);
  for (const issue of doc.warnings) {
    // A tag the loader does not know (!!python/object, !foo) would be dropped silently: config files take plain YAML values.
    if (issue.code === 'TAG_RESOLVE_FAILED') problemAt(issue.pos[0], `${issue.message.split('\n')[0]}: only plain YAML values are allowed here`);
    else problemAt(issue.pos[0], issue.message.split('\n')[0], 'warning');
  }
  let data: unknown;
  if (problems.every((p) => p.severity !== 'error')) {
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      // Aliases that expand without end ("billion laughs") or name no anchor.
      problemAt(firstAliasOffset(doc), `invalid YAML: ${aliasProblem(error as Error)}`);
    }
  }
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && node.value.includes('\u0000')) problemAt(node.range?.[0] ?? 0, 'a string holds a NUL character (\\0), which no KFP field can hold');
    },
  });
  return { file, doc, lineCounter, data: problems.some((p) => p.severity === 'error') ? undefined : data, problems };
}

/** Alias uses allowed in one file; a team file needs a handful. */
const MAX_ALIAS_COUNT = 1000;

function aliasProblem(error: Error): string {
  if (/Excessive alias count/.test(error.message)) return `aliases expand to too much data (more than ${MAX_ALIAS_COUNT} uses; a "billion laughs" document)`;
  if (/Unresolved alias/.test(error.message)) return error.message.replace(/^Unresolved alias \(the anchor must be set before the alias\): (.*)$/, 'the alias *$1 names no anchor defined before it');
  return error.message;
}

/** Where the first alias that names no anchor is, else the first alias. */
function firstAliasOffset(doc: Document.Parsed): number {
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

function resolveAlias(yaml: YamlFile, node: unknown): unknown {
  return isAlias(node) ? node.resolve(yaml.doc) : node;
}
