import type { ArgoWorkflow } from '../workflow/argo-workflow';
import { ParamsError, paramsForRender } from './params';

const workflow = (parameters: Array<{ name: string; value?: unknown }>): ArgoWorkflow => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Workflow',
  metadata: {},
  spec: { arguments: { parameters } },
});

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
