import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

export const WORKFLOW_FILE = join(__dirname, '..', 'fixtures', 'example-pipeline-1.workflow.yaml');
export const WORKFLOW_YAML = readFileSync(WORKFLOW_FILE, 'utf8');
/** What the v1 SDK sends: the YAML loaded and re-serialised as JSON. */
export const WORKFLOW_JSON = JSON.stringify(parse(WORKFLOW_YAML));

export const experimentRef = (id: string) => ({ key: { type: 'EXPERIMENT', id }, relationship: 'OWNER' });
export const namespaceRef = (id: string) => ({ key: { type: 'NAMESPACE', id }, relationship: 'OWNER' });

export const q = (params: Record<string, string | number>): string =>
  '?' + Object.entries(params).map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&');

/** The filter as KFP clients send it: JSON encoded once by the caller, then again by the query builder. */
export const filterParam = (filter: unknown): string => encodeURIComponent(JSON.stringify(filter));

/** Pipeline specs compiled by the real kfp==2.8.0 SDK (test/python-v2/v2_pipelines.py). */
export const V2_FIXTURES = join(__dirname, '..', 'fixtures', 'v2');
export const TYPED_PIPELINE_FILE = join(V2_FIXTURES, 'typed-pipeline.yaml');
export const TYPED_PIPELINE_YAML = readFileSync(TYPED_PIPELINE_FILE, 'utf8');
export const KUBERNETES_PIPELINE_FILE = join(V2_FIXTURES, 'kubernetes-pipeline.yaml');
export const KUBERNETES_PIPELINE_YAML = readFileSync(KUBERNETES_PIPELINE_FILE, 'utf8');
/** What the v2 SDK's client sends as `pipeline_spec`: the spec, or {pipeline_spec, platform_spec} when there is a platform spec. */
export const TYPED_PIPELINE_SPEC = parse(TYPED_PIPELINE_YAML) as Record<string, unknown>;
export const KUBERNETES_PIPELINE_SPEC = (() => {
  const [pipelineSpec, platformSpec] = parseAllDocuments(KUBERNETES_PIPELINE_YAML).map((d) => d.toJS() as Record<string, unknown>);
  return { pipeline_spec: pipelineSpec, platform_spec: platformSpec };
})();
