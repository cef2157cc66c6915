import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArgoWorkflow } from '../workflow/argo-workflow';
import { COMPILED_FORMATS } from './compiled-file';
import { ParamsError, paramsForRender } from './params';

const workflow = (parameters: Array<{ name: string; value?: unknown }>) =>
  COMPILED_FORMATS.v1.parameters({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: {}, spec: { arguments: { parameters } } } as ArgoWorkflow);

test('one entry per parameter with a default, holding the default as raw text', () => {
  const params = paramsForRender(workflow([{ name: 'message', value: 'Hello\nworld\n' }, { name: 'epochs', value: '20' }, { name: 'required' }]), new Map(), 'p');
  expect([...params]).toEqual([
    ['message', 'Hello\nworld\n'],
    ['epochs', '20'],
  ]);
});

test('files written by the pipeline script win over the workflow defaults (reference-style pipelines)', () => {
  const params = paramsForRender(workflow([{ name: 'custom_message' }, { name: 'n', value: '1' }]), new Map([['custom_message', 'Hello world!\n'.repeat(10)]]), 'p');
  expect(params.get('custom_message')).toBe('Hello world!\n'.repeat(10));
  expect(params.get('n')).toBe('1');
});

test('a params file for an undeclared parameter is an error naming the pipeline and the declared ones', () => {
  expect(() => paramsForRender(workflow([{ name: 'a' }]), new Map([['typo', 'x']]), 'example')).toThrow(
    new ParamsError('example: params/typo is not a parameter of the pipeline (declared: a)'),
  );
});

test('v2: one file per root input with a default, typed as it would be written; required inputs get none', () => {
  const text = readFileSync(join(__dirname, '../../../kfp-emulator/test/fixtures/v2/typed-pipeline.yaml'), 'utf8');
  const declared = COMPILED_FORMATS.v2.parameters(COMPILED_FORMATS.v2.parse(text, 'pipeline.yaml'));
  expect([...paramsForRender(declared, new Map(), 'typed')]).toEqual([
    ['epochs', '3'],
    ['layers', '[64,32]'],
    ['learning_rate', '0.01'],
    ['shuffle', 'true'],
  ]);
  expect(paramsForRender(declared, new Map([['tag', 'written by the script']]), 'typed').get('tag')).toBe('written by the script');
  expect(() => paramsForRender(declared, new Map([['epoch', '1']]), 'typed')).toThrow('typed: params/epoch is not a parameter of the pipeline (declared: epochs, layers, learning_rate, shuffle, tag)');
});
