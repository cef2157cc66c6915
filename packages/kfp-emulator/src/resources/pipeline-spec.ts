import { parseAllDocuments, stringify } from 'yaml';
import { ApiError, invalidInput } from '../errors/api-error';
import { GrpcCode } from '../errors/grpc-codes';

/**
 * KFP v2 pipeline specs (the "IR" the v2 SDK compiles to), as the API server's template package reads
 * them: template.New and NewV2SpecTemplate (template/template.go, template/v2_template.go at 2.1.0 and
 * 2.14.0), the typed parameter check validatePipelineJobInputs, and the Struct <-> YAML conversions of
 * server/api_util.go (pipelineSpecStructToYamlString, yamlStringToPipelineSpecStruct).
 */
export interface PipelineSpecDocument {
  /** The pipeline spec, as parsed (proto JSON names or proto names). */
  spec: Record<string, unknown>;
  /** The platform spec document with a `kubernetes` platform, when there is one (kfp-kubernetes writes it). */
  platformSpec?: Record<string, unknown>;
}

/** template.go: the only schema version the server takes. */
export const SCHEMA_VERSION = '2.1.0';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A proto field as protojson reads it: by its JSON name (lowerCamel) or its proto name. */
function field(message: Json, jsonName: string): unknown {
  if (jsonName in message) return message[jsonName];
  const protoName = jsonName.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return message[protoName];
}

/**
 * The fields of PipelineSpec in the proto 2.1.0 vendors (api/v2alpha1/pipeline_spec.proto at
 * 758c91f76784). protojson.Unmarshal rejects any other field, so a document with one is not a
 * pipeline spec to the server ("unknown template format"). The emulator checks this top level only;
 * deploymentSpec is a google.protobuf.Struct the server does not check at all.
 */
const PIPELINE_SPEC_FIELDS = new Set(
  ['pipelineInfo', 'deploymentSpec', 'sdkVersion', 'schemaVersion', 'components', 'root', 'defaultPipelineRoot'].flatMap((name) => [
    name,
    name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
  ]),
);

/** isPipelineSpec: the document unmarshals into PipelineSpec, with a pipeline name and a root component. */
function isPipelineSpec(doc: unknown): doc is Json {
  if (!isObject(doc) || !Object.keys(doc).every((key) => PIPELINE_SPEC_FIELDS.has(key))) return false;
  const info = field(doc, 'pipelineInfo');
  const root = field(doc, 'root');
  return isObject(info) && typeof field(info, 'name') === 'string' && field(info, 'name') !== '' && isObject(root);
}

/**
 * IsPlatformSpecWithKubernetesConfig: the document unmarshals into PlatformSpec ({platforms: {<name>:
 * {deploymentSpec: {executors: {<label>: Struct}}}}}, strictly) and has a `kubernetes` platform.
 */
function isKubernetesPlatformSpec(doc: unknown): doc is Json {
  if (!isObject(doc) || Object.keys(doc).some((key) => key !== 'platforms')) return false;
  const platforms = doc.platforms;
  if (!isObject(platforms) || !('kubernetes' in platforms)) return false;
  return Object.values(platforms).every((single) => {
    if (single === null) return true;
    if (!isObject(single) || Object.keys(single).some((key) => key !== 'deploymentSpec' && key !== 'deployment_spec')) return false;
    const deployment = field(single, 'deploymentSpec');
    if (deployment === undefined || deployment === null) return true;
    if (!isObject(deployment) || Object.keys(deployment).some((key) => key !== 'executors')) return false;
    return deployment.executors === undefined || deployment.executors === null || (isObject(deployment.executors) && Object.values(deployment.executors).every(isObject));
  });
}

/** util.NewInvalidInputErrorWithDetails(ErrorInvalidPipelineSpec, message), as template.go makes its errors. */
export function invalidPipelineSpec(message: string, cause = 'pipeline spec is invalid'): ApiError {
  return new ApiError(GrpcCode.InvalidArgument, message, `InvalidInputError: ${message}: ${cause}`);
}

/** The YAML documents of a file; an unparsable document counts as no document, as yaml.v3 decoding into a map skips it. */
function yamlDocuments(text: string): unknown[] {
  try {
    return parseAllDocuments(text).flatMap((doc) => ('errors' in doc && doc.errors.length === 0 ? [doc.toJS() as unknown] : []));
  } catch {
    return [];
  }
}

/** isV2Spec: some document of the file is a pipeline spec. */
export function isPipelineSpecTemplate(text: string): boolean {
  return yamlDocuments(text).some(isPipelineSpec);
}

/**
 * NewV2SpecTemplate: picks the pipeline spec and the Kubernetes platform spec out of the documents;
 * other documents are ignored. Assumes the caller has seen isPipelineSpecTemplate (template.New).
 */
export function parsePipelineSpec(text: string): PipelineSpecDocument {
  let spec: Json | undefined;
  let platformSpec: Json | undefined;
  for (const doc of yamlDocuments(text)) {
    if (doc === null || doc === undefined) continue;
    if (isPipelineSpec(doc)) {
      if (spec) throw invalidPipelineSpec('multiple pipeline specs provided');
      const version = String(field(doc, 'schemaVersion') ?? '');
      if (version !== SCHEMA_VERSION) {
        throw invalidPipelineSpec(`KFP only supports schema version 2.1.0, but the pipeline spec has version ${version}`);
      }
      // The server's regexp is not anchored: one lower-case letter or digit anywhere passes.
      if (!/[a-z0-9]/.test(String(field(field(doc, 'pipelineInfo') as Json, 'name')))) {
        throw invalidPipelineSpec(
          "invalid v2 pipeline spec: name should consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        );
      }
      spec = doc;
    } else if (isKubernetesPlatformSpec(doc)) {
      if (platformSpec) throw invalidPipelineSpec('multiple platform specs provided', 'Platform spec is invalid');
      platformSpec = doc;
    }
  }
  if (!spec) throw invalidPipelineSpec('no pipeline spec is provided');
  return { spec, platformSpec };
}

/** The root component's input parameters, by name, in the order the spec lists them. */
export function rootInputParameters(spec: Json): [string, Json][] {
  const root = field(spec, 'root');
  const inputs = isObject(root) ? field(root, 'inputDefinitions') : undefined;
  const parameters = isObject(inputs) ? field(inputs, 'parameters') : undefined;
  return isObject(parameters) ? Object.entries(parameters).map(([name, p]) => [name, isObject(p) ? p : {}]) : [];
}

const PARAMETER_TYPES = ['PARAMETER_TYPE_ENUM_UNSPECIFIED', 'NUMBER_DOUBLE', 'NUMBER_INTEGER', 'STRING', 'BOOLEAN', 'LIST', 'STRUCT', 'TASK_FINAL_STATUS'];

function parameterType(parameter: Json): string {
  const type = field(parameter, 'parameterType');
  if (typeof type === 'number') return PARAMETER_TYPES[type] ?? 'unknown';
  return typeof type === 'string' ? type : 'PARAMETER_TYPE_ENUM_UNSPECIFIED';
}

/** The kind of a google.protobuf.Value given as JSON. */
function valueKind(value: unknown): 'number' | 'string' | 'bool' | 'list' | 'struct' | 'null' {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  return Array.isArray(value) ? 'list' : 'struct';
}

/**
 * V2Spec.validatePipelineJobInputs (template/v2_template.go at 2.1.0), run by RunWorkflow and
 * ScheduledWorkflow, so at the API call: every required parameter given, each given one declared, and
 * each value of the declared type (a string is no number). Go walks its maps in random order, so with
 * several problems the server names any one of them; the emulator names the first in the spec's order.
 */
export function validatePipelineJobInputs(spec: Json, given: Record<string, unknown> | undefined): void {
  const values = given ?? {};
  const declared = rootInputParameters(spec);
  for (const [name, parameter] of declared) {
    if (!(name in values)) {
      if (field(parameter, 'isOptional') !== true && field(parameter, 'defaultValue') === undefined) {
        throw invalidInput(`parameter ${name} is not optional, yet has neither default value nor user provided value`);
      }
      continue;
    }
    const kind = valueKind(values[name]);
    switch (parameterType(parameter)) {
      case 'PARAMETER_TYPE_ENUM_UNSPECIFIED':
        throw invalidInput(`input parameter ${name} has unspecified type`);
      case 'NUMBER_DOUBLE':
      case 'NUMBER_INTEGER':
        if (kind !== 'number') throw invalidInput(`input parameter ${name} requires type double or integer, but the parameter value is not of number value type`);
        break;
      case 'STRING':
        if (kind !== 'string') throw invalidInput(`input parameter ${name} requires type string, but the input parameter is not of string value type`);
        break;
      case 'BOOLEAN':
        if (kind !== 'bool') throw invalidInput(`input parameter ${name} requires type bool, but the input parameter is not of bool value type`);
        break;
      case 'LIST':
        if (kind !== 'list') throw invalidInput(`input parameter ${name} requires type list, but the input parameter is not of list value type`);
        break;
      case 'STRUCT':
        if (kind !== 'struct') throw invalidInput(`input parameter ${name} requires type struct, but the input parameter is not of struct value type`);
        break;
      case 'TASK_FINAL_STATUS':
        throw invalidInput(`input parameter ${name} requires type TASK_FINAL_STATUS, which is invalid for root component`);
      default:
        throw invalidInput(`input parameter ${name} requires type unknown`);
    }
  }
  const names = new Set(declared.map(([name]) => name));
  const extra = Object.keys(values).filter((name) => !names.has(name));
  if (extra.length > 0) throw invalidInput(`parameter(s) provided are not required by pipeline: ${extra.join(', ')}`);
}

/** Object keys sorted at every level: how protojson (and sigs.k8s.io/yaml) write a Struct. */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeysDeep(value[key])]),
  );
}

const toYaml = (value: unknown): string => stringify(sortKeysDeep(value), { lineWidth: 0 });

/**
 * pipelineSpecStructToYamlString: how the server stores an inline `pipeline_spec`: the Struct as YAML,
 * or, when it holds `pipeline_spec` (and `platform_spec`), those two documents joined by `---`.
 */
export function pipelineSpecStructToYaml(struct: Json): string {
  if ('pipeline_spec' in struct) {
    const spec = toYaml(struct.pipeline_spec);
    return 'platform_spec' in struct ? `${spec}\n---\n${toYaml(struct.platform_spec)}` : spec;
  }
  return toYaml(struct);
}

/**
 * yamlStringToPipelineSpecStruct: a stored manifest as the `pipeline_spec` Struct of a v2beta1 answer:
 * the one document, or {pipeline_spec, platform_spec} when a Kubernetes platform spec follows. Any YAML
 * or JSON object counts as a pipeline here (a v1 run shows its Argo workflow). Undefined for "", an
 * error for a manifest without an object document.
 */
export function pipelineSpecStruct(manifest: string): Json | undefined {
  if (manifest === '') return undefined;
  let pipeline: Json | undefined;
  let platform: Json | undefined;
  for (const part of manifest.split('\n---\n')) {
    const docs = yamlDocuments(part);
    const doc = docs.length === 1 ? docs[0] : undefined;
    if (isKubernetesPlatformSpec(doc)) platform = doc;
    else if (isObject(doc)) pipeline = doc;
    else throw new Error('Failed to convert pipelineSpec yaml string into a protobuf struct');
  }
  if (!pipeline) throw new Error('No pipeline spec provided in yaml doc');
  return platform ? { pipeline_spec: pipeline, platform_spec: platform } : pipeline;
}
