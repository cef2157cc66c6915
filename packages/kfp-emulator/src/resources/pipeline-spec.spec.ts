import { stringify } from 'yaml';
import { apiErrorOf } from '../errors/__fixtures__/api-error-of';
import {
  isPipelineSpecTemplate,
  parsePipelineSpec,
  pipelineSpecStruct,
  pipelineSpecStructToYaml,
  validatePipelineJobInputs,
} from './pipeline-spec';

const spec = (inputs: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  pipelineInfo: { name: 'p' },
  root: { dag: { tasks: {} }, inputDefinitions: { parameters: inputs } },
  schemaVersion: '2.1.0',
  sdkVersion: 'kfp-2.8.0',
  ...extra,
});
const platform = { platforms: { kubernetes: { deploymentSpec: { executors: { 'exec-a': { secretAsEnv: [] } } } } } };

describe('reading a pipeline spec as the server does (NewV2SpecTemplate)', () => {
  it('takes the spec and the Kubernetes platform spec from their documents, and ignores other documents', () => {
    const text = `${stringify(spec())}---\n${stringify(platform)}---\nkind: Something\n`;
    expect(isPipelineSpecTemplate(text)).toBe(true);
    expect(parsePipelineSpec(text)).toEqual({ spec: spec(), platformSpec: platform });
  });

  it('is no pipeline spec with a field the 2.1.0 proto does not know, at its top level, or without a name or root', () => {
    expect(isPipelineSpecTemplate(stringify(spec({}, { pipelineConfig: {} })))).toBe(false);
    expect(isPipelineSpecTemplate(stringify({ ...spec(), pipelineInfo: {} }))).toBe(false);
    expect(isPipelineSpecTemplate(stringify({ pipelineInfo: { name: 'p' } }))).toBe(false);
    expect(isPipelineSpecTemplate('apiVersion: argoproj.io/v1alpha1\nkind: Workflow\n')).toBe(false);
    // deploymentSpec is a google.protobuf.Struct to the server: anything goes there.
    expect(isPipelineSpecTemplate(stringify(spec({}, { deploymentSpec: { executors: { e: { container: { resources: { resourceCpuLimit: '1' } } } } } })))).toBe(true);
  });

  it.each([
    ['another schema version', stringify(spec({}, { schemaVersion: '2.0.0' })), 'KFP only supports schema version 2.1.0, but the pipeline spec has version 2.0.0'],
    ['two specs', `${stringify(spec())}---\n${stringify(spec())}`, 'multiple pipeline specs provided'],
    ['two platform specs', `${stringify(spec())}---\n${stringify(platform)}---\n${stringify(platform)}`, 'multiple platform specs provided'],
    ['a name without a lower-case letter or digit', stringify({ ...spec(), pipelineInfo: { name: 'P-Q' } }), "invalid v2 pipeline spec: name should consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"],
  ])('refuses %s', (_what, text, message) => {
    const error = apiErrorOf(() => parsePipelineSpec(text));
    expect([error.code, error.message]).toEqual([3, message]);
    expect(error.chain).toMatch(new RegExp(`^InvalidInputError: .*: (pipeline|Platform) spec is invalid$`));
  });
});

describe('typed parameter values (validatePipelineJobInputs)', () => {
  const declared = spec({
    n: { parameterType: 'NUMBER_INTEGER' },
    config: { parameterType: 'STRUCT', isOptional: true },
    flag: { parameterType: 'BOOLEAN', defaultValue: false },
    status: { parameterType: 'TASK_FINAL_STATUS', isOptional: true },
    untyped: { isOptional: true },
  });
  const check = (values: Record<string, unknown>) => apiErrorOf(() => validatePipelineJobInputs(declared, values)).message;

  it('accepts values of the declared types, and leaves out optional parameters and those with a default', () => {
    expect(() => validatePipelineJobInputs(declared, { n: 0, config: { a: [1] } })).not.toThrow();
    expect(() => validatePipelineJobInputs(spec(), undefined)).not.toThrow();
  });

  it('refuses what the server refuses, naming the parameter', () => {
    expect(check({})).toBe('parameter n is not optional, yet has neither default value nor user provided value');
    expect(check({ n: null })).toBe('input parameter n requires type double or integer, but the parameter value is not of number value type');
    expect(check({ n: 1, config: [1] })).toBe('input parameter config requires type struct, but the input parameter is not of struct value type');
    expect(check({ n: 1, status: 'x' })).toBe('input parameter status requires type TASK_FINAL_STATUS, which is invalid for root component');
    expect(check({ n: 1, untyped: 'x' })).toBe('input parameter untyped has unspecified type');
    expect(check({ n: 1, a: 1, b: 2 })).toBe('parameter(s) provided are not required by pipeline: a, b');
  });
});

describe('the Struct <-> YAML conversions of server/api_util.go', () => {
  it('stores {pipeline_spec, platform_spec} as two YAML documents, keys sorted, and reads them back', () => {
    const yaml = pipelineSpecStructToYaml({ pipeline_spec: spec(), platform_spec: platform });
    expect(yaml).toMatch(/^pipelineInfo:\n {2}name: p\nroot:/);
    expect(yaml).toContain('\n---\nplatforms:\n');
    expect(pipelineSpecStruct(yaml)).toEqual({ pipeline_spec: spec(), platform_spec: platform });
    expect(pipelineSpecStruct(pipelineSpecStructToYaml(spec()))).toEqual(spec());
  });

  it('shows any stored object document (a v1 run\'s workflow), nothing for no manifest, and fails on a non-object', () => {
    expect(pipelineSpecStruct('{"kind":"Workflow"}')).toEqual({ kind: 'Workflow' });
    expect(pipelineSpecStruct('')).toBeUndefined();
    expect(() => pipelineSpecStruct('- a list\n')).toThrow(/Failed to convert pipelineSpec yaml string/);
  });
});
