// Turns zod issues into messages a person can act on, using the YAML source
// text where it helps (e.g. `0777` instead of 777).

import { z } from 'zod';
import { error, lastKey, type DocPath, type PendingProblem } from './problems';
import { sourceTextOf, type YamlFile } from './yaml-file';

type RawIssue = z.core.$ZodRawIssue;

/** Parses `value` (found at `basePath` in `yaml`) and returns the problems. */
export function validateWithSchema<T extends z.ZodType>(
  schema: T,
  value: unknown,
  yaml: YamlFile,
  basePath: DocPath,
): { ok: true; data: z.output<T> } | { ok: false; problems: PendingProblem[] } {
  const result = schema.safeParse(value, { error: errorMap(yaml, basePath) });
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, problems: issuesToProblems(result.error.issues, schema, basePath) };
}

function issuesToProblems(issues: readonly z.core.$ZodIssue[], schema: z.ZodType, basePath: DocPath): PendingProblem[] {
  const problems: PendingProblem[] = [];
  for (const issue of issues) {
    const path = [...basePath, ...(issue.path as Array<string | number>)];
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeysAt(schema, issue.path as Array<string | number>);
      for (const key of issue.keys) problems.push(error([...path, key], unknownKeyMessage(key, allowed)));
    } else {
      problems.push(error(path, issue.message));
    }
  }
  return problems;
}

function errorMap(yaml: YamlFile, basePath: DocPath): z.core.$ZodErrorMap {
  return (issue: RawIssue) => {
    const path = [...basePath, ...((issue.path ?? []) as Array<string | number>)];
    return describeIssue(issue, path, sourceTextOf(yaml, path));
  };
}

function describeIssue(issue: RawIssue, path: DocPath, source: string | undefined): string {
  const input = issue.input;
  switch (issue.code) {
    case 'invalid_type':
      return describeInvalidType(String(issue.expected), input, path, source);
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'must not be empty';
      if (issue.origin === 'array') return `must have at least ${String(issue.minimum)} item(s)`;
      return `must be at least ${String(issue.minimum)} (got ${String(input)})`;
    case 'too_big':
      if (issue.origin === 'string') return `must be at most ${String(issue.maximum)} characters long`;
      return `must be at most ${String(issue.maximum)} (got ${String(input)})`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')} (got ${describeValue(input, source)})`;
    case 'unrecognized_keys':
      return `unknown keys: ${issue.keys.join(', ')}`;
    case 'invalid_key':
      return issue.issues[0]?.message ?? `invalid key ${JSON.stringify(input)}`;
    case 'invalid_union':
      return 'does not match any of the allowed forms';
    case 'invalid_format':
      return `is not a valid ${issue.format}`;
    default:
      return 'is not valid';
  }
}

function describeInvalidType(expected: string, input: unknown, path: DocPath, source: string | undefined): string {
  if (input === undefined) return `missing required key ${JSON.stringify(lastKey(path))}`;
  const got = describeValue(input, source);
  switch (expected) {
    case 'string': {
      if (typeof input === 'number' || typeof input === 'boolean') {
        const text = source ?? String(input);
        const why = lastKey(path) === 'value' ? ' (KFP parameter values are text)' : '';
        return `must be a string${why}, got ${got}; put it in quotes: ${JSON.stringify(text)}`;
      }
      return `must be a string, got ${got}`;
    }
    case 'boolean':
      return `must be true or false, got ${got}`;
    case 'int':
    case 'number':
      return `must be a whole number, got ${got}`;
    case 'object':
    case 'record':
      return `must be a mapping (key: value pairs), got ${got}`;
    case 'array':
      return `must be a list, got ${got}`;
    default:
      return `must be a ${expected}, got ${got}`;
  }
}

function describeValue(input: unknown, source: string | undefined): string {
  if (input === null) return 'null';
  if (typeof input === 'string') return `the text ${JSON.stringify(shorten(input))}`;
  if (typeof input === 'number') return `the number ${source ?? String(input)}`;
  if (typeof input === 'boolean') return `the boolean ${source ?? String(input)}`;
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a mapping';
  return typeof input;
}

/** Text echoed in a message is cut short: it could be a whole file (a scalar document). */
function shorten(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  const suggestion = closest(key, allowed);
  if (suggestion) return `unknown key ${JSON.stringify(key)}; did you mean ${JSON.stringify(suggestion)}?`;
  return allowed.length > 0 ? `unknown key ${JSON.stringify(key)}; allowed keys: ${allowed.join(', ')}` : `unknown key ${JSON.stringify(key)}`;
}

/** The keys of the strict object found at `path` inside `schema`. */
export function allowedKeysAt(schema: z.ZodType, path: ReadonlyArray<string | number>): string[] {
  let current: z.ZodType | undefined = unwrap(schema);
  for (const segment of path) {
    if (current instanceof z.ZodObject) current = unwrap(current.shape[String(segment)] as z.ZodType | undefined);
    else if (current instanceof z.ZodArray) current = unwrap(current.element as z.ZodType);
    else if (current instanceof z.ZodRecord) current = unwrap(current.valueType as z.ZodType);
    else return [];
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault) {
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodPipe) {
      current = current.in as z.ZodType;
    } else {
      return current;
    }
  }
}

/** The allowed key nearest to a misspelt one, if it is close enough to be a typo or a shortened or lengthened name. */
function closest(key: string, allowed: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  // git_ref for git_reference, github_repository for github_repo.
  const affix = allowed.filter((name) => {
    const other = name.toLowerCase();
    return Math.min(lower.length, other.length) >= 5 && (other.startsWith(lower) || lower.startsWith(other));
  });
  if (affix.length === 1) return affix[0];
  let best: { name: string; distance: number } | undefined;
  for (const name of allowed) {
    const distance = editDistance(key.toLowerCase(), name.toLowerCase());
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= Math.max(1, Math.floor(best.name.length / 4)) ? best.name : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}
