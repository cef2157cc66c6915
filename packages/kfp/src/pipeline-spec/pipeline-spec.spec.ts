import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parameterFileText, parsePipelineSpec, specInputs, toTypedValue, type SpecInput } from './pipeline-spec';

// Pipelines compiled by the real kfp 2.8.0 SDK (the emulator's fixtures, regenerated and checked by its tests).
const fixture = (name: string) => readFileSync(join(__dirname, '../../../kfp-emulator/test/fixtures/v2', name), 'utf8');

test('reads the IR and the root inputs with their types and defaults', () => {
  const { spec, platformSpec } = parsePipelineSpec(fixture('typed-pipeline.yaml'), 'pipeline.yaml');
  expect(spec.pipelineInfo.name).toBe('typed-pipeline');
  expect(platformSpec).toBeUndefined();
  expect(specInputs(spec)).toEqual([
    { name: 'epochs', type: 'NUMBER_INTEGER', optional: true, default: 3 },
    { name: 'layers', type: 'LIST', optional: true, default: [64, 32] },
    { name: 'learning_rate', type: 'NUMBER_DOUBLE', optional: true, default: 0.01 },
    { name: 'shuffle', type: 'BOOLEAN', optional: true, default: true },
    { name: 'tag', type: 'STRING', optional: false },
  ]);
});

test('keeps the platform spec kfp-kubernetes writes as a second document', () => {
  const { platformSpec } = parsePipelineSpec(fixture('kubernetes-pipeline.yaml'), 'pipeline.yaml');
  expect(platformSpec).toMatchObject({ platforms: { kubernetes: { deploymentSpec: { executors: { 'exec-train': { pvcMount: [{ constant: 'shared-data', mountPath: '/data' }] } } } } } });
});

test('refuses what a KFP 2.1 server refuses, naming the file', () => {
  expect(() => parsePipelineSpec('apiVersion: argoproj.io/v1alpha1\nkind: Workflow\n', 'w.yaml')).toThrow('w.yaml: not a KFP v2 pipeline: pipelineInfo.name is missing; root is missing; schemaVersion is missing');
  expect(() => parsePipelineSpec(fixture('typed-pipeline.yaml').replace('schemaVersion: 2.1.0', 'schemaVersion: 2.2.0'), 'p.yaml')).toThrow('schemaVersion is "2.2.0"; KFP servers accept 2.1.0');
  expect(() => parsePipelineSpec(`${fixture('kubernetes-pipeline.yaml')}---\nsomething: else\n`, 'p.yaml')).toThrow('a document after the pipeline is neither the pipeline nor a platform spec');
});

test('params/ files hold defaults as they would be typed; lists and structs as JSON', () => {
  const inputs = specInputs(parsePipelineSpec(fixture('typed-pipeline.yaml'), 'p.yaml').spec);
  expect(Object.fromEntries(inputs.map((i) => [i.name, parameterFileText(i)]))).toEqual({ epochs: '3', layers: '[64,32]', learning_rate: '0.01', shuffle: 'true', tag: undefined });
});

describe('toTypedValue', () => {
  const input = (type: SpecInput['type']): SpecInput => ({ name: 'p', type, optional: false });
  test.each<[SpecInput['type'], unknown, unknown]>([
    ['NUMBER_INTEGER', '10', 10],
    ['NUMBER_INTEGER', 10, 10],
    ['NUMBER_INTEGER', '3.0', 3],
    ['NUMBER_DOUBLE', '0.5', 0.5],
    ['NUMBER_DOUBLE', '1e-3', 0.001],
    ['NUMBER_DOUBLE', 2, 2],
    ['BOOLEAN', 'true', true],
    ['BOOLEAN', false, false],
    ['LIST', '[1,2]', [1, 2]],
    ['LIST', ['a'], ['a']],
    ['STRUCT', '{"a": 1}', { a: 1 }],
    ['STRING', 'hello', 'hello'],
    ['STRING', 42, '42'],
  ])('%s from %j is %j', (type, given, expected) => {
    expect(toTypedValue(input(type), given)).toEqual({ ok: true, value: expected });
  });
  test.each<[SpecInput['type'], unknown, string]>([
    ['NUMBER_INTEGER', '1.5', 'p is an integer (int): expected a whole number, got "1.5"'],
    ['NUMBER_INTEGER', 'ten', 'p is an integer (int): expected a whole number, got "ten"'],
    ['NUMBER_DOUBLE', 'fast', 'p is a number (float): expected a number, got "fast"'],
    ['BOOLEAN', 'yes', 'p is a boolean (bool): expected true or false, got "yes"'],
    ['LIST', '{"a":1}', 'p is a list: expected a list, got "{\\"a\\":1}"'],
    ['LIST', '[1,', 'p is a list: expected a JSON list such as [1, 2], got "[1,"'],
    ['STRUCT', [1], 'p is a struct (dict): expected a mapping, got [1]'],
  ])('%s from %j is refused', (type, given, message) => {
    expect(toTypedValue(input(type), given)).toEqual({ ok: false, message });
  });
});
