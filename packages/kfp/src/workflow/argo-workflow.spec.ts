import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { argoWorkflowProblems, checkParameters, parseArgoWorkflow, parseYaml11, pipelineInputs, WorkflowError } from './argo-workflow';

const reference = readFileSync(join(__dirname, '../../test/fixtures/reference/example_pipeline_1/RENDERED_PIPELINE/workflow.yaml'), 'utf8');

test('parses the reference rendered workflow and reads its inputs from the pipeline_spec annotation', () => {
  const wf = parseArgoWorkflow(reference, 'workflow.yaml');
  expect(wf.kind).toBe('Workflow');
  expect(pipelineInputs(wf)).toEqual([{ name: 'custom_message', type: 'String', optional: false, default: undefined }]);
});

test('YAML 1.1 like PyYAML: yes/no are booleans, 0777 is octal', () => {
  expect(parseYaml11('a: yes\nb: no\nc: 0777\nd: "yes"\n', 'f')).toEqual({ a: true, b: false, c: 511, d: 'yes' });
});

test('reports why a document is not an Argo Workflow', () => {
  expect(argoWorkflowProblems({ apiVersion: 'v1', kind: 'Pod' })).toEqual([
    'apiVersion is "v1", expected "argoproj.io/v1alpha1"',
    'kind is "Pod", expected "Workflow"',
    'metadata is missing',
    'spec is missing',
  ]);
  expect(argoWorkflowProblems([1])).toEqual(['the document is not a mapping']);
  expect(() => parseArgoWorkflow('kind: Pod\n', 'x/workflow.yaml')).toThrow('x/workflow.yaml: not an Argo Workflow');
});

test('invalid YAML names the file, line and column', () => {
  const error = (() => {
    try {
      parseYaml11('a: 1\nb: [unclosed\n', 'f.yaml');
    } catch (e) {
      return e as WorkflowError;
    }
  })();
  expect(error).toBeInstanceOf(WorkflowError);
  expect(error?.message).toMatch(/^f\.yaml:\d+:\d+: invalid YAML/);
});

test('inputs fall back to spec.arguments when there is no annotation; optional = has a default', () => {
  const wf = parseArgoWorkflow('apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {}\nspec:\n  arguments:\n    parameters:\n    - {name: a, value: "1"}\n    - {name: b}\n', 'w');
  expect(pipelineInputs(wf)).toEqual([
    { name: 'a', optional: true, default: '1' },
    { name: 'b', optional: false, default: undefined },
  ]);
});

test('checkParameters lists missing required and unknown names', () => {
  const inputs = [
    { name: 'required', optional: false },
    { name: 'optional', optional: true },
  ];
  expect(checkParameters(inputs, ['optional', 'extra', 'another'])).toEqual({ missing: ['required'], unknown: ['another', 'extra'] });
  expect(checkParameters(inputs, ['required'])).toEqual({ missing: [], unknown: [] });
});
