// Team files are parsed with the `yaml` package (YAML 1.2 core schema, like the
// reference's ruamel round-trip loader) keeping the node tree, so that every
// problem can point at a line and column and dates keep their source text.

import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type ScalarTag } from 'yaml';
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
  for (const [severity, list] of [['error', doc.errors], ['warning', doc.warnings]] as const) {
    for (const issue of list) {
      const pos = issue.linePos?.[0] ?? lineCounter.linePos(issue.pos[0]);
      problems.push({
        severity,
        file,
        line: pos.line,
        column: pos.col,
        path: '',
        key: '',
        message: `${severity === 'error' ? 'invalid YAML: ' : ''}${issue.message.split('\n')[0]}`,
      });
    }
  }
  const data = doc.errors.length > 0 ? undefined : doc.toJS({ maxAliasCount: 1000 });
  return { file, doc, lineCounter, data, problems };
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
