import { parsePipelineConfig, PipelineConfigError } from './pipeline-config';

test('defaults without variants', () => {
  expect(parsePipelineConfig('', 'kfp-pipeline.yaml')).toEqual({ script: 'pipeline.py', args: [] });
});

test('variants with their arguments; an empty variant has no arguments', () => {
  const config = parsePipelineConfig('args: ["--team", "a"]\nvariants:\n  dev:\n    args: ["--env", "dev"]\n  prod:\n', 'kfp-pipeline.yaml');
  expect(config).toEqual({ script: 'pipeline.py', args: ['--team', 'a'], variants: { dev: { args: ['--env', 'dev'] }, prod: { args: [] } } });
});

test('errors name the file, line, column and key', () => {
  expect(() => parsePipelineConfig('variants:\n  dev:\n    argz: []\n', 'p/kfp-pipeline.yaml')).toThrow(
    new PipelineConfigError('p/kfp-pipeline.yaml:3:5: variants.dev.argz: unknown key "argz"'),
  );
  expect(() => parsePipelineConfig('variants:\n  "bad name": {}\n', 'k.yaml')).toThrow(/^k\.yaml:2:3: variants\.bad name: variant names use/);
  expect(() => parsePipelineConfig('args: [1\n', 'k.yaml')).toThrow(/^k\.yaml:\d+:\d+: invalid YAML/);
  expect(() => parsePipelineConfig('script: 3\n', 'k.yaml')).toThrow(/^k\.yaml:1:9: script: /);
});
