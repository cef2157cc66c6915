// A reader for the plainest YAML only: block mappings and sequences whose
// values are one-line scalars, as `nx g kfp:team` and most hands write team
// files. Graph construction reads every recurring_runs.yaml of the workspace
// on a cold start, and the `yaml` package takes about 3 ms for a 400-line file
// (0.9 s of a cold `nx show projects` with 100 teams); this reads such a file
// in a tenth of that. It declines (returns undefined) anything it does not
// fully understand, and the caller then parses with `yaml`: a differential
// test holds every answer it does give equal to the `yaml` package's.

const DECLINE = Symbol('decline');
type Container = Record<string, unknown> | unknown[];

interface Line {
  indent: number;
  text: string;
}

/** The document as `yaml`'s `parse` (YAML 1.2 core schema) gives it, or undefined when the text is not plain enough. */
export function parsePlainBlockYaml(text: string): unknown {
  const lines = significantLines(text);
  if (lines === undefined) return undefined;
  if (lines.length === 0) return undefined; // an empty document: let `yaml` say what it is
  try {
    const [value, next] = readBlock(lines, 0, lines[0].indent);
    return next === lines.length ? value : undefined;
  } catch (error) {
    if (error === DECLINE) return undefined;
    throw error;
  }
}

/** Lines without comments and blank lines; undefined when the document uses anything beyond plain blocks. */
function significantLines(text: string): Line[] | undefined {
  if (text.startsWith('\uFEFF') || text.includes('\t')) return undefined;
  const lines: Line[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const indent = raw.length - raw.trimStart().length;
    const body = withoutComment(raw.slice(indent)).trimEnd();
    if (body === undefined || body === '') continue;
    // Directives, document markers, flow collections, anchors, aliases, tags, block scalars, complex keys
    // (a flow sequence as a mapping value is read by flowSequence).
    if (/^(%|---|\.\.\.|\?\s|[{[&*!|>@`])/.test(body)) return undefined;
    lines.push({ indent, text: body });
  }
  return lines;
}

/** The line without its trailing comment; quotes are respected. */
function withoutComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#' && (i === 0 || line[i - 1] === ' ')) {
      return line.slice(0, i);
    }
  }
  return line;
}

/** The block starting at lines[start], all of whose entries sit at `indent`; returns the value and the next line index. */
function readBlock(lines: Line[], start: number, indent: number): [Container, number] {
  return isSequenceEntry(lines[start].text) ? readSequence(lines, start, indent) : readMapping(lines, start, indent, {});
}

function isSequenceEntry(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

function readSequence(lines: Line[], start: number, indent: number): [unknown[], number] {
  const items: unknown[] = [];
  let i = start;
  while (i < lines.length && lines[i].indent === indent && isSequenceEntry(lines[i].text)) {
    const rest = lines[i].text.slice(1).trimStart();
    if (rest === '') {
      // `-` alone: the item is the deeper block below (or null).
      [items[items.length], i] = nested(lines, i + 1, indent);
      continue;
    }
    if (isSequenceEntry(rest)) throw DECLINE; // `- - x`
    const itemIndent = indent + (lines[i].text.length - rest.length);
    const entry = splitEntry(rest);
    if (entry === undefined) {
      items.push(scalar(rest));
      i += 1;
      continue;
    }
    // `- key: value` starts a mapping whose further keys sit under `key`.
    const map: Record<string, unknown> = {};
    i = readEntryValue(lines, i, itemIndent, entry, map);
    [items[items.length], i] = i < lines.length && lines[i].indent === itemIndent && !isSequenceEntry(lines[i].text) ? readMapping(lines, i, itemIndent, map) : [map, i];
  }
  if (i < lines.length && lines[i].indent > indent) throw DECLINE;
  return [items, i];
}

function readMapping(lines: Line[], start: number, indent: number, map: Record<string, unknown>): [Record<string, unknown>, number] {
  let i = start;
  while (i < lines.length && lines[i].indent === indent) {
    if (isSequenceEntry(lines[i].text)) throw DECLINE;
    const entry = splitEntry(lines[i].text);
    if (entry === undefined) throw DECLINE; // a multi-line plain scalar or something else
    i = readEntryValue(lines, i, indent, entry, map);
  }
  if (i < lines.length && lines[i].indent > indent) throw DECLINE;
  return [map, i];
}

/** Stores `key: value` (or `key:` with a nested block) into map; returns the next line index. */
function readEntryValue(lines: Line[], i: number, indent: number, [key, value]: [string, string], map: Record<string, unknown>): number {
  // Keys the core schema reads as something other than their text (null, numbers, booleans) are left to `yaml`.
  if (Object.prototype.hasOwnProperty.call(map, key) || key === '<<' || key === '__proto__' || scalar(key) !== key) throw DECLINE;
  if (value !== '') {
    map[key] = value.startsWith('[') ? flowSequence(value) : scalar(value);
    return i + 1;
  }
  // A sequence may sit at the key's own indentation.
  const next = lines[i + 1];
  if (next && next.indent === indent && isSequenceEntry(next.text)) {
    const [items, after] = readSequence(lines, i + 1, indent);
    map[key] = items;
    return after;
  }
  const [nestedValue, after] = nested(lines, i + 1, indent);
  map[key] = nestedValue;
  return after;
}

/** The block under a line at `parentIndent`: deeper lines, or null when there are none. */
function nested(lines: Line[], start: number, parentIndent: number): [unknown, number] {
  if (start >= lines.length || lines[start].indent <= parentIndent) return [null, start];
  return readBlock(lines, start, lines[start].indent);
}

/** `key: value` split at the first `: ` (or a final `:`); undefined when the text is no mapping entry. */
function splitEntry(text: string): [string, string] | undefined {
  if (text.startsWith('"') || text.startsWith("'")) {
    if (/^("[^"\\]*"|'[^']*')\s*:(\s|$)/.test(text)) throw DECLINE; // quoted keys: rare, left to `yaml`
    return undefined;
  }
  const match = /^([^\s:#][^:#]*?)\s*:(?:\s+(.*))?$/.exec(text);
  if (!match) {
    if (/:(\s|$)/.test(text)) throw DECLINE; // a key with a colon inside, or similar
    return undefined;
  }
  return [match[1], match[2] ?? ''];
}

/**
 * A one-line flow sequence of plain scalars, as parameter lists are written
 * (`[128, 64, 32]`); anything more (quotes, nesting, colons, empty entries) is `yaml`'s.
 */
function flowSequence(text: string): unknown[] {
  const match = /^\[([^[\]{}"'#:]*)\]$/.exec(text);
  if (!match) throw DECLINE;
  if (match[1].trim() === '') return [];
  return match[1].split(',').map((item) => {
    const trimmed = item.trim();
    if (trimmed === '') throw DECLINE;
    return scalar(trimmed);
  });
}

/** A one-line scalar under the YAML 1.2 core schema. */
function scalar(text: string): unknown {
  if (text.startsWith('"')) {
    if (!/^"[^"\\]*"$/.test(text)) throw DECLINE; // escapes and multi-line strings are `yaml`'s
    return text.slice(1, -1);
  }
  if (text.startsWith("'")) {
    if (!/^'([^']|'')*'$/.test(text)) throw DECLINE;
    return text.slice(1, -1).replace(/''/g, "'");
  }
  if (/^([{[&*!|>@`%,]|[-?](\s|$))/.test(text) || /:(\s|$)|\s#/.test(text)) throw DECLINE;
  if (/^(~|null|Null|NULL)$/.test(text)) return null;
  if (/^(true|True|TRUE)$/.test(text)) return true;
  if (/^(false|False|FALSE)$/.test(text)) return false;
  if (/^[-+]?[0-9]+$/.test(text)) return Number.isSafeInteger(Number(text)) ? Number(text) : declined();
  if (/^0o[0-7]+$/.test(text) || /^0x[0-9a-fA-F]+$/.test(text)) return declined();
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(text)) return Number(text);
  if (/^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$/.test(text)) return declined();
  return text;
}

function declined(): never {
  throw DECLINE;
}
