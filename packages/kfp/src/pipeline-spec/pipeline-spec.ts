// A KFP v2 pipeline as the 2.x SDK compiles it: the pipeline IR (one YAML
// document: pipelineInfo, root, components, deploymentSpec, schemaVersion,
// sdkVersion), optionally followed by a platform spec document (what
// kfp-kubernetes adds for secrets, volumes and the like).

import { parseAllDocuments } from 'yaml';
import { aliasProblem, firstAliasOffset } from '../config-file/yaml-file';
import { isRecord } from '../utils/is-record';
import { lineAndColumn, WorkflowError } from '../workflow/argo-workflow';

/** The schema version a KFP 2.1 server accepts, and the only one kfp 2.x writes. */
export const SUPPORTED_SCHEMA_VERSION = '2.1.0';
const MAX_ALIAS_COUNT = 1000;

/** The types a root input parameter can have (the IR's ParameterType enum). */
export type ParameterType = 'STRING' | 'NUMBER_INTEGER' | 'NUMBER_DOUBLE' | 'BOOLEAN' | 'LIST' | 'STRUCT' | 'TASK_FINAL_STATUS';

export interface PipelineSpec {
  pipelineInfo: { name: string; description?: string; displayName?: string };
  root: { dag?: unknown; inputDefinitions?: { parameters?: Record<string, IrParameter>; artifacts?: unknown } };
  schemaVersion: string;
  sdkVersion?: string;
  [key: string]: unknown;
}

interface IrParameter {
  parameterType?: ParameterType;
  defaultValue?: unknown;
  isOptional?: boolean;
  description?: string;
}

/** A compiled v2 pipeline: the IR, and the platform spec when the file has one. */
export interface CompiledPipelineSpec {
  spec: PipelineSpec;
  platformSpec?: Record<string, unknown>;
}

export interface SpecInput {
  name: string;
  type: ParameterType;
  /** True when a run may leave it out (it has a default, or is marked optional). */
  optional: boolean;
  /** The default as the IR holds it (a protobuf Value: number, string, boolean, list or struct). */
  default?: unknown;
}

/** Whether a parsed document is a v2 pipeline IR (rather than, say, an Argo Workflow). */
export function isPipelineSpec(doc: unknown): boolean {
  if (!isRecord(doc)) return false;
  const spec = isRecord(doc.pipelineSpec) ? doc.pipelineSpec : doc;
  return isRecord(spec.pipelineInfo) && (isRecord(spec.root) || isRecord(spec.deploymentSpec));
}

/**
 * Parses a v2 pipeline file: YAML as PyYAML writes it (1.1), the IR first and
 * an optional platform spec after it. Throws a WorkflowError that names the
 * file (and place) and says what is wrong.
 */
export function parsePipelineSpec(text: string, file: string): CompiledPipelineSpec {
  const documents = parseAllDocuments(text, { version: '1.1', prettyErrors: false, uniqueKeys: false });
  const docs = Array.isArray(documents) ? documents : [documents];
  const values: unknown[] = [];
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error) {
      const { line, column } = lineAndColumn(text, error.pos[0]);
      throw new WorkflowError(`invalid YAML: ${error.message.split('\n')[0]}`, file, line, column);
    }
    try {
      values.push(doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }));
    } catch (e) {
      const { line, column } = lineAndColumn(text, firstAliasOffset(doc));
      throw new WorkflowError(`invalid YAML: ${aliasProblem(e as Error, MAX_ALIAS_COUNT)}`, file, line, column);
    }
  }
  return pipelineSpecOf(values, file);
}

/** The IR and platform spec of a v2 pipeline file's documents, already parsed; throws as parsePipelineSpec does. */
export function pipelineSpecOf(values: readonly unknown[], file: string): CompiledPipelineSpec {
  const [first, ...rest] = values.filter((v) => v !== null && v !== undefined);
  const problems = pipelineSpecProblems(first);
  if (problems.length > 0) throw new WorkflowError(`not a KFP v2 pipeline: ${problems.join('; ')}`, file);
  const platforms = rest.filter((d) => isRecord(d) && isRecord(d.platforms));
  if (platforms.length > 1) throw new WorkflowError('more than one platform spec document (a KFP server accepts one)', file);
  const others = rest.filter((d) => !platforms.includes(d));
  if (others.length > 0) throw new WorkflowError('a document after the pipeline is neither the pipeline nor a platform spec', file);
  const spec = first as PipelineSpec;
  specInputs(spec, file);
  return platforms[0] ? { spec, platformSpec: platforms[0] as Record<string, unknown> } : { spec };
}

/** Why a document is not a compiled v2 pipeline a KFP 2.1 server accepts; empty when it is one. */
export function pipelineSpecProblems(doc: unknown): string[] {
  if (!isRecord(doc)) return ['the document is not a mapping'];
  const problems: string[] = [];
  if (!isRecord(doc.pipelineInfo) || typeof doc.pipelineInfo.name !== 'string' || doc.pipelineInfo.name === '') problems.push('pipelineInfo.name is missing');
  if (!isRecord(doc.root)) problems.push('root is missing');
  if (doc.schemaVersion === undefined) problems.push('schemaVersion is missing');
  else if (doc.schemaVersion !== SUPPORTED_SCHEMA_VERSION) {
    problems.push(`schemaVersion is ${JSON.stringify(doc.schemaVersion)}; KFP servers accept ${SUPPORTED_SCHEMA_VERSION} (compile with the pinned kfp 2.x)`);
  }
  return problems;
}

const PARAMETER_TYPES: ReadonlySet<string> = new Set(['STRING', 'NUMBER_INTEGER', 'NUMBER_DOUBLE', 'BOOLEAN', 'LIST', 'STRUCT', 'TASK_FINAL_STATUS']);

/** The root input parameters, sorted by name, with their types and defaults. */
export function specInputs(spec: PipelineSpec, file = 'pipeline.yaml'): SpecInput[] {
  const parameters = spec.root.inputDefinitions?.parameters ?? {};
  if (!isRecord(parameters)) throw new WorkflowError('root.inputDefinitions.parameters is not a mapping', file);
  return Object.entries(parameters)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, definition]) => {
      const parameterType = isRecord(definition) ? definition.parameterType : undefined;
      if (typeof parameterType !== 'string' || !PARAMETER_TYPES.has(parameterType)) {
        throw new WorkflowError(`root input parameter ${JSON.stringify(name)} has no known parameterType (got ${JSON.stringify(parameterType)})`, file);
      }
      const hasDefault = isRecord(definition) && definition.defaultValue !== undefined;
      return {
        name,
        type: parameterType as ParameterType,
        optional: hasDefault || (isRecord(definition) && definition.isOptional === true),
        ...(hasDefault ? { default: (definition as IrParameter).defaultValue } : {}),
      };
    });
}

/**
 * A default as the reference design's params/ file holds it: text for
 * strings, numbers and booleans as they would be typed (an integer without
 * `.0`), lists and structs as JSON.
 */
export function parameterFileText(input: SpecInput): string | undefined {
  if (input.default === undefined) return undefined;
  return formatValue(input.default, input.type);
}

function formatValue(value: unknown, type: ParameterType): string {
  if (typeof value === 'string' && (type === 'STRING' || type === 'TASK_FINAL_STATUS')) return value;
  if (typeof value === 'number' && type === 'NUMBER_INTEGER' && Number.isInteger(value)) return String(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export type TypedValue = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * A parameter value given as text (a --param, a params/ file, a team file's
 * quoted value) or as a YAML value, as the type the IR declares. The server
 * refuses a string for a number (and so on), so this is checked before any
 * request.
 */
export function toTypedValue(input: SpecInput, given: unknown): TypedValue {
  const fail = (expected: string): TypedValue => ({ ok: false, message: `${input.name} is ${describeType(input.type)}: ${expected}, got ${JSON.stringify(given)}` });
  const text = typeof given === 'string' ? given.trim() : undefined;
  switch (input.type) {
    case 'STRING':
    case 'TASK_FINAL_STATUS':
      return typeof given === 'string' ? { ok: true, value: given } : typeof given === 'number' || typeof given === 'boolean' ? { ok: true, value: String(given) } : fail('expected text');
    case 'NUMBER_INTEGER': {
      const value = typeof given === 'number' ? given : text !== undefined && /^[+-]?\d+(\.0+)?$/.test(text) ? Number(text) : Number.NaN;
      return Number.isSafeInteger(value) ? { ok: true, value } : fail('expected a whole number');
    }
    case 'NUMBER_DOUBLE': {
      const value = typeof given === 'number' ? given : text !== undefined && text !== '' && /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) ? Number(text) : Number.NaN;
      return Number.isFinite(value) ? { ok: true, value } : fail('expected a number');
    }
    case 'BOOLEAN':
      if (typeof given === 'boolean') return { ok: true, value: given };
      if (text === 'true' || text === 'True') return { ok: true, value: true };
      if (text === 'false' || text === 'False') return { ok: true, value: false };
      return fail('expected true or false');
    case 'LIST':
    case 'STRUCT': {
      const want = input.type === 'LIST' ? 'list' : 'struct';
      let value = given;
      if (typeof given === 'string') {
        try {
          value = JSON.parse(given);
        } catch {
          return fail(`expected a JSON ${want === 'list' ? 'list such as [1, 2]' : 'object such as {"a": 1}'}`);
        }
      }
      if (want === 'list' ? Array.isArray(value) : isRecord(value)) return { ok: true, value };
      return fail(want === 'list' ? 'expected a list' : 'expected a mapping');
    }
  }
}

function describeType(type: ParameterType): string {
  switch (type) {
    case 'NUMBER_INTEGER':
      return 'an integer (int)';
    case 'NUMBER_DOUBLE':
      return 'a number (float)';
    case 'BOOLEAN':
      return 'a boolean (bool)';
    case 'LIST':
      return 'a list';
    case 'STRUCT':
      return 'a struct (dict)';
    default:
      return 'text (str)';
  }
}
