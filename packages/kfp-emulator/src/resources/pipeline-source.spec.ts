import { isArgoTemplate } from './pipeline-source';

test('an Argo Workflow is recognised as YAML, as pretty JSON and as compact JSON', () => {
  const workflow = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { generateName: 'p-' }, spec: {} };
  expect(isArgoTemplate('apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {}\nspec: {}\n')).toBe(true);
  expect(isArgoTemplate(JSON.stringify(workflow, null, 2))).toBe(true);
  expect(isArgoTemplate(JSON.stringify(workflow))).toBe(true);
});

test('other documents are not', () => {
  expect(isArgoTemplate('apiVersion: v1\nkind: Pod\n')).toBe(false);
  expect(isArgoTemplate('pipelineInfo: {name: v2}\n')).toBe(false);
  expect(isArgoTemplate('{"kind": "Workflow", "apiVersion": "v1"}')).toBe(false);
  expect(isArgoTemplate('key: [unclosed')).toBe(false);
});
