import { type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { parse } from 'yaml';
import { parsePipelineConfig } from '../../plugin/pipeline-config';
import { normalizePipelineSchema, pipelineGenerator } from './generator';

describe('kfp:pipeline', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace({ formatter: 'none' } as never);
  });

  test('scaffolds pipeline.py and the YAML component under pipelines/<name>', async () => {
    await pipelineGenerator(tree, { name: 'churn-model', skipFormat: true, skipRender: true });
    expect(tree.children('pipelines/churn-model').sort()).toEqual(['example_component.yaml', 'pipeline.py']);
    const script = tree.read('pipelines/churn-model/pipeline.py', 'utf8')!;
    expect(script).toContain('@dsl.pipeline(name="churn-model"');
    expect(script).toContain('def churn_model_pipeline(message: str = "Hello from churn-model!")');
    expect(script).toContain('"--output-folder", required=True');
    expect(script).toContain('{{workflow.creationTimestamp.RFC3339}}');
    expect(script).not.toContain('--variant');
    expect(parse(tree.read('pipelines/churn-model/example_component.yaml', 'utf8')!).implementation.container.command.at(-1)).toEqual({ inputValue: 'message' });
  });

  test('variants get kfp-pipeline.yaml and a --variant argument', async () => {
    await pipelineGenerator(tree, { name: 'scoring', directory: 'ml/scoring', variants: 'dev, prod', skipFormat: true, skipRender: true });
    const config = parsePipelineConfig(tree.read('ml/scoring/kfp-pipeline.yaml', 'utf8')!, 'kfp-pipeline.yaml');
    expect(config.variants).toEqual({ dev: { args: ['--variant', 'dev'] }, prod: { args: ['--variant', 'prod'] } });
    expect(tree.read('ml/scoring/pipeline.py', 'utf8')).toContain('choices=["dev", "prod"]');
  });

  test('rejects bad names, bad variants and an existing folder', async () => {
    expect(() => normalizePipelineSchema({ name: 'Bad_Name' })).toThrow('Invalid pipeline name "Bad_Name"');
    expect(() => normalizePipelineSchema({ name: 'ok', variants: ['dev', 'dev'] })).toThrow('Variants must be unique');
    expect(() => normalizePipelineSchema({ name: 'ok', variants: ['pr od'] })).toThrow('Invalid variant "pr od"');
    tree.write('pipelines/taken/pipeline.py', '');
    await expect(pipelineGenerator(tree, { name: 'taken', skipRender: true })).rejects.toThrow('pipelines/taken already exists');
  });
});
