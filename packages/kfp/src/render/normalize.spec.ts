import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgoWorkflow } from '../workflow/argo-workflow';
import { parsePipelineSpec } from '../pipeline-spec/pipeline-spec';
import { canonicalJson, DIGEST_VERSIONS, normalizedPipelineSpec, renderDigest, VOLATILE_KEYS, withoutVolatileKeys } from './normalize';

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

test('the digest covers the documents and every params file, but not key order or volatile keys', () => {
  const params = new Map([['message', 'hi\n']]);
  const digest = (documents: unknown[], p: ReadonlyMap<string, string> = params, version = DIGEST_VERSIONS.v1) => renderDigest({ documents, params: p }, version);
  const a = digest([{ kind: 'Workflow', spec: { x: 1, y: 2 } }]);
  expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(digest([{ spec: { y: 2, x: 1 }, kind: 'Workflow' }])).toBe(a);
  expect(digest([{ kind: 'Workflow', spec: { x: 1, y: 3 } }])).not.toBe(a);
  expect(digest([{ kind: 'Workflow', spec: { x: 1, y: 2 } }], new Map([['message', 'hi']]))).not.toBe(a);
  expect(digest([{ kind: 'Workflow', spec: { x: 1, y: 2 } }], new Map([['messag', 'ehi\n']]))).not.toBe(a);
  expect(digest([{ kind: 'Workflow', spec: { x: 1, y: 2 } }], new Map())).not.toBe(a);
  expect(digest([{ kind: 'Workflow', spec: { x: 1, y: 2 } }], params, DIGEST_VERSIONS.v2)).not.toBe(a);
  expect(digest([{ kind: 'Workflow', spec: { x: 1, y: 2 } }, { platforms: {} }])).not.toBe(a);
});

test('the v1 digest format is unchanged: a committed render of this repository still matches its recorded .kfp-digest', () => {
  const folder = join(__dirname, '../../../../projects/pipelines/example-pipeline-1/RENDERED_PIPELINE');
  const workflow = parseArgoWorkflow(readFileSync(join(folder, 'workflow.yaml'), 'utf8'), 'workflow.yaml');
  const params = new Map([['custom_message', readFileSync(join(folder, 'params/custom_message'), 'utf8')]]);
  expect(renderDigest({ documents: [withoutVolatileKeys(workflow)], params }, DIGEST_VERSIONS.v1)).toBe(readFileSync(join(folder, '.kfp-digest'), 'utf8').trim());
});

describe('v2', () => {
  const fixture = (name: string) => readFileSync(join(__dirname, '../../../kfp-emulator/test/fixtures/v2', name), 'utf8');

  test('only the top-level sdkVersion of the IR is dropped; the platform spec is kept as the second document', () => {
    const compiled = parsePipelineSpec(fixture('kubernetes-pipeline.yaml'), 'pipeline.yaml');
    const [spec, platform] = normalizedPipelineSpec(compiled) as [Record<string, unknown>, unknown];
    expect(compiled.spec.sdkVersion).toBe('kfp-2.8.0');
    expect(Object.keys(spec).sort()).toEqual(['components', 'deploymentSpec', 'pipelineInfo', 'root', 'schemaVersion']);
    expect(platform).toEqual(compiled.platformSpec);
  });

  test('a parameter named sdkVersion still counts', () => {
    const text = fixture('typed-pipeline.yaml');
    const renamed = parsePipelineSpec(text.replaceAll('epochs', 'sdkVersion'), 'pipeline.yaml');
    expect(JSON.stringify(normalizedPipelineSpec(renamed))).toContain('"sdkVersion":{"defaultValue":3');
    const upgraded = parsePipelineSpec(text.replace('sdkVersion: kfp-2.8.0', 'sdkVersion: kfp-2.8.1'), 'pipeline.yaml');
    expect(normalizedPipelineSpec(upgraded)).toEqual(normalizedPipelineSpec(parsePipelineSpec(text, 'pipeline.yaml')));
  });
});
