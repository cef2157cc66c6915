import { parsePipelineConfig, PipelineConfigError } from './pipeline-config';

test('defaults without variants', () => {
  expect(parsePipelineConfig('', 'kfp-pipeline.yaml')).toEqual({ sdk: 'v1', script: 'pipeline.py', args: [] });
});

test('variants with their arguments; an empty variant has no arguments', () => {
  const config = parsePipelineConfig('args: ["--team", "a"]\nvariants:\n  dev:\n    args: ["--env", "dev"]\n  prod:\n', 'kfp-pipeline.yaml');
  expect(config).toEqual({ sdk: 'v1', script: 'pipeline.py', args: ['--team', 'a'], variants: { dev: { args: ['--env', 'dev'] }, prod: { args: [] } } });
});

test('sdk: v2 declares a KFP 2.x pipeline; anything else is refused', () => {
  expect(parsePipelineConfig('sdk: v2\n', 'k.yaml')).toMatchObject({ sdk: 'v2' });
  expect(() => parsePipelineConfig('sdk: v3\n', 'k.yaml')).toThrow(/^k\.yaml:1:1 error sdk: must be one of "v1", "v2" \(got the text "v3"\)$/);
});

test('errors name the file, line, column and key, as team file problems do', () => {
  expect(() => parsePipelineConfig('variants:\n  dev:\n    argz: []\n', 'p/kfp-pipeline.yaml')).toThrow(
    new PipelineConfigError('p/kfp-pipeline.yaml:3:5 error variants.dev.argz: unknown key "argz"; did you mean "args"?'),
  );
  expect(() => parsePipelineConfig('variants:\n  "bad name": {}\n', 'k.yaml')).toThrow(/^k\.yaml:2:3 error variants\["bad name"\]: variant names use/);
  expect(() => parsePipelineConfig('args: [1\n', 'k.yaml')).toThrow(/^k\.yaml:\d+:\d+ error invalid YAML/);
  expect(() => parsePipelineConfig('script: 3\n', 'k.yaml')).toThrow(/^k\.yaml:1:1 error script: must be a string/);
});

test('every problem is reported at once, in file order', () => {
  expect(() => parsePipelineConfig('script: 3\nargs: 4\nfoo: 1\n', 'k.yaml')).toThrow(
    new PipelineConfigError(
      [
        'k.yaml:1:1 error script: must be a string, got the number 3; put it in quotes: "3"',
        'k.yaml:2:1 error args: must be a list, got the number 4',
        'k.yaml:3:1 error foo: unknown key "foo"; allowed keys: sdk, script, args, variants',
      ].join('\n'),
    ),
  );
});
