import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgoWorkflow } from '../workflow/argo-workflow';
import { canonicalJson, renderDigest, VOLATILE_KEYS, withoutVolatileKeys } from './normalize';

const referenceWorkflow = join(__dirname, '../../test/fixtures/reference/example_pipeline_1/RENDERED_PIPELINE/workflow.yaml');

function allKeys(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => allKeys(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      allKeys(v, out);
    }
  }
  return out;
}

test('removes the compile time and SDK version keys at every depth of a real rendered workflow', () => {
  const workflow = parseArgoWorkflow(readFileSync(referenceWorkflow, 'utf8'), 'workflow.yaml');
  const before = allKeys(workflow);
  expect(before.has('pipelines.kubeflow.org/pipeline_compilation_time')).toBe(true);
  expect(before.has('pipelines.kubeflow.org/kfp_sdk_version')).toBe(true);
  const normalized = withoutVolatileKeys(workflow) as typeof workflow;
  for (const key of VOLATILE_KEYS) expect(allKeys(normalized).has(key)).toBe(false);
  // Everything else stays, including the JSON annotations compared as plain strings.
  expect(normalized.metadata.annotations?.['pipelines.kubeflow.org/pipeline_spec']).toBe(workflow.metadata.annotations?.['pipelines.kubeflow.org/pipeline_spec']);
  expect((normalized.spec.templates as unknown[]).length).toBe((workflow.spec.templates as unknown[]).length);
  expect(allKeys(normalized).size).toBe(before.size - 2);
});

test('does not modify its input', () => {
  const input = { metadata: { labels: { 'pipelines.kubeflow.org/kfp_sdk_version': '1.8.22', keep: 'x' } } };
  withoutVolatileKeys(input);
  expect(input.metadata.labels['pipelines.kubeflow.org/kfp_sdk_version']).toBe('1.8.22');
});

test('canonical JSON ignores key order but not list order', () => {
  expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
  expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
});

test('the digest covers the workflow and every params file, but not key order or volatile keys', () => {
  const params = new Map([['message', 'hi\n']]);
  const a = renderDigest({ workflow: { kind: 'Workflow', spec: { x: 1, y: 2 } }, params });
  expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(renderDigest({ workflow: { spec: { y: 2, x: 1 }, kind: 'Workflow' }, params })).toBe(a);
  expect(renderDigest({ workflow: { kind: 'Workflow', spec: { x: 1, y: 3 } }, params })).not.toBe(a);
  expect(renderDigest({ workflow: { kind: 'Workflow', spec: { x: 1, y: 2 } }, params: new Map([['message', 'hi']]) })).not.toBe(a);
  expect(renderDigest({ workflow: { kind: 'Workflow', spec: { x: 1, y: 2 } }, params: new Map([['messag', 'ehi\n']]) })).not.toBe(a);
  expect(renderDigest({ workflow: { kind: 'Workflow', spec: { x: 1, y: 2 } }, params: new Map() })).not.toBe(a);
});
