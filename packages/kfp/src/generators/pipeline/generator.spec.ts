import { addProjectConfiguration, readNxJson, updateNxJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DEFAULT_PIPELINE_SDK } from '../../pipeline/layout';
import { parsePipelineConfig } from '../../pipeline/pipeline-config';
import { parsePipelineNames, pipelineGenerator } from './generator';

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

  test('--sdk=v2 scaffolds a v2 pipeline with typed parameters, a lightweight Python component and a container component', async () => {
    await pipelineGenerator(tree, { name: 'churn-v2', sdk: 'v2', skipFormat: true, skipRender: true });
    expect(tree.children('pipelines/churn-v2').sort()).toEqual(['kfp-pipeline.yaml', 'pipeline.py']);
    expect(parsePipelineConfig(tree.read('pipelines/churn-v2/kfp-pipeline.yaml', 'utf8')!, 'kfp-pipeline.yaml')).toEqual({ sdk: 'v2', script: 'pipeline.py', args: [] });
    const script = tree.read('pipelines/churn-v2/pipeline.py', 'utf8')!;
    expect(script).toContain('@dsl.component(base_image=BASE_IMAGE)');
    expect(script).toContain('@dsl.container_component');
    expect(script).toContain('@dsl.pipeline(name="churn-v2"');
    for (const parameter of ['message: str = "Hello from churn-v2!"', 'epochs: int = 10', 'learning_rate: float = 0.01', 'shuffle: bool = True', 'layers: list = [64, 32]']) {
      expect(script).toContain(parameter);
    }
    expect(script).toContain('os.path.join(args.output_folder, "pipeline.yaml")');
    expect(script).not.toContain('workflow.yaml');
  });

  test('--sdk=v2 with variants writes both into kfp-pipeline.yaml', async () => {
    await pipelineGenerator(tree, { name: 'scoring-v2', sdk: 'v2', variants: ['dev', 'prod'], skipFormat: true, skipRender: true });
    const config = parsePipelineConfig(tree.read('pipelines/scoring-v2/kfp-pipeline.yaml', 'utf8')!, 'kfp-pipeline.yaml');
    expect(config).toEqual({ sdk: 'v2', script: 'pipeline.py', args: [], variants: { dev: { args: ['--variant', 'dev'] }, prod: { args: ['--variant', 'prod'] } } });
    expect(tree.read('pipelines/scoring-v2/pipeline.py', 'utf8')).toContain('@dsl.pipeline(name=f"scoring-v2-{variant}"');
  });

  test('rejects bad names, bad variants and an existing folder', async () => {
    expect(() => parsePipelineNames({ name: 'ok', sdk: 'v3' as never })).toThrow('Invalid --sdk "v3": use v1 or v2.');
    expect(() => parsePipelineNames({ name: 'Bad_Name' })).toThrow('Invalid pipeline name "Bad_Name"');
    expect(() => parsePipelineNames({ name: 'ok', variants: ['dev', 'dev'] })).toThrow('Variants must be unique');
    expect(() => parsePipelineNames({ name: 'ok', variants: ['pr od'] })).toThrow('Invalid variant "pr od"');
    tree.write('pipelines/taken/pipeline.py', '');
    await expect(pipelineGenerator(tree, { name: 'taken', skipRender: true })).rejects.toThrow('pipelines/taken already exists');
  });

  test('registers the plugin first (init), so the new folder is a project', async () => {
    expect(readNxJson(tree)?.plugins).toBeUndefined();
    await pipelineGenerator(tree, { name: 'first', skipFormat: true, skipRender: true });
    expect(readNxJson(tree)?.plugins).toEqual([expect.objectContaining({ plugin: 'kfp' })]);
    expect(tree.read('requirements.txt', 'utf8')).toMatch(/^kfp==1\.8\.22$/m);
  });

  test('goes beside the existing pipeline projects', async () => {
    addProjectConfiguration(tree, 'churn-scoring', { root: 'ml/churn/pipelines/churn-scoring', tags: ['kfp:pipeline'] });
    addProjectConfiguration(tree, 'churn-ops', { root: 'operations/schedules/churn-ops', tags: ['kfp:team'] });
    await pipelineGenerator(tree, { name: 'next', skipFormat: true, skipRender: true });
    expect(tree.exists('ml/churn/pipelines/next/pipeline.py')).toBe(true);
    await expect(pipelineGenerator(tree, { name: 'churn-scoring', skipRender: true })).rejects.toThrow('A project named churn-scoring already exists');
    addProjectConfiguration(tree, 'other', { root: 'elsewhere/other', tags: ['kfp:pipeline'] });
    await expect(pipelineGenerator(tree, { name: 'third', skipRender: true })).rejects.toThrow(
      'Pipeline projects live in several folders (elsewhere, ml/churn/pipelines); pass --directory to choose where third goes.',
    );
  });

  test('follows the include globs of the plugin entry, and refuses a folder they do not match', async () => {
    updateNxJson(tree, { ...readNxJson(tree), plugins: [{ plugin: 'kfp', include: ['projects/**/*'] }] });
    await pipelineGenerator(tree, { name: 'inside', skipFormat: true, skipRender: true });
    expect(tree.exists('projects/pipelines/inside/pipeline.py')).toBe(true);
    await expect(pipelineGenerator(tree, { name: 'outside', directory: 'pipelines/outside', skipRender: true })).rejects.toThrow(
      'The kfp plugin would not infer a pipeline project in pipelines/outside: nx.json limits it to include projects/**/*. Pass --directory with a folder those globs match, or widen them.',
    );
    updateNxJson(tree, { ...readNxJson(tree), plugins: [{ plugin: 'kfp', include: ['{ml,ops}/**/*'], exclude: ['ml/legacy/**'] }] });
    await expect(pipelineGenerator(tree, { name: 'nowhere', skipRender: true })).rejects.toThrow(
      'The kfp plugin would not infer a pipeline project in pipelines/nowhere: nx.json limits it to include {ml,ops}/**/*, exclude ml/legacy/**.',
    );
    await pipelineGenerator(tree, { name: 'given', directory: './ml/given/', skipFormat: true, skipRender: true });
    expect(tree.exists('ml/given/pipeline.py')).toBe(true);
  });
});

// Nx applies schema.json's default; a call from code falls back to the same constant.
test('the schema default of --sdk is the one the code uses', () => {
  expect(JSON.parse(readFileSync(join(__dirname, 'schema.json'), 'utf8')).properties.sdk.default).toBe(DEFAULT_PIPELINE_SDK);
});
