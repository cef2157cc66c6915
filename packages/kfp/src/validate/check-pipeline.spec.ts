import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPipeline } from './check-pipeline';

const SEED_WORKFLOW = join(__dirname, '../../test/fixtures/reference/example_pipeline_1/RENDERED_PIPELINE/workflow.yaml');

describe('checkPipeline', () => {
  it('accepts a KFP v2 pipeline compiled by kfp 2.8.0, platform spec included, with its typed inputs', () => {
    const text = readFileSync(join(__dirname, '../../../kfp-emulator/test/fixtures/v2/kubernetes-pipeline.yaml'), 'utf8');
    const result = checkPipeline(text, 'pipeline.yaml');
    expect(result.ok && result.pipeline.sdk).toBe('v2');
    expect(result.ok && result.pipeline.sdk === 'v2' && result.pipeline.platformSpec).toMatchObject({ platforms: { kubernetes: {} } });
    expect(result.ok && result.inputs).toEqual([{ name: 'epochs', type: 'NUMBER_INTEGER', optional: true, default: 1 }]);
  });

  it('accepts a rendered KFP v1 workflow and reads its inputs', () => {
    const result = checkPipeline(readFileSync(SEED_WORKFLOW, 'utf8'), 'w.yaml');
    expect(result.ok && result.inputs).toEqual([{ name: 'custom_message', type: 'String', optional: false, default: undefined }]);
    expect(result.ok && result.pipeline.sdk === 'v1' && result.pipeline.workflow.spec.entrypoint).toBe('pipeline-1');
  });

  it('reports invalid YAML with its position instead of crashing (the reference returned a bare False)', () => {
    expect(checkPipeline('kind: Workflow\nspec: [\n', 'w.yaml')).toEqual({ ok: false, message: expect.stringMatching(/^w\.yaml:\d+:\d+: invalid YAML: /) });
  });

  it('recognises a KFP v2 spec, a non-Workflow document and a Workflow not compiled by KFP', () => {
    expect(checkPipeline('pipelineInfo: {name: p}\nroot: {dag: {}}\n', 'v2.yaml')).toEqual({
      ok: false,
      message: 'v2.yaml: not a KFP v2 pipeline: schemaVersion is missing',
    });
    expect(checkPipeline('- a\n- b\n', 'list.yaml')).toEqual({ ok: false, message: 'list.yaml is not a rendered KFP pipeline: neither a v2 pipeline (pipelineInfo, root) nor an Argo Workflow: the document is not a mapping' });
    expect(checkPipeline('apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {}\nspec: {}\n', 'argo.yaml')).toEqual({
      ok: false,
      message: 'argo.yaml is an Argo Workflow without the pipelines.kubeflow.org/pipeline_spec annotation, so it was not compiled by the KFP v1 SDK',
    });
  });

  it('reports an annotation that is not JSON', () => {
    const text = "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  annotations: {pipelines.kubeflow.org/pipeline_spec: '{not json'}\nspec: {}\n";
    expect(checkPipeline(text, 'w.yaml')).toEqual({ ok: false, message: 'w.yaml: the pipelines.kubeflow.org/pipeline_spec annotation is not valid JSON' });
  });
});
