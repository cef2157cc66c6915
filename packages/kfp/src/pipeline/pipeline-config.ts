import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_PIPELINE_SDK, PIPELINE_CONFIG_FILE, PIPELINE_SCRIPT, PIPELINE_SDKS, VARIANT_NAME_PATTERN } from './layout';
import { formatProblems, hasErrors } from '../config-file/problems';
import { locate, parseYamlFile } from '../config-file/yaml-file';
import { validateWithSchema } from '../config-file/zod-issues';

const argsSchema = z.array(z.string()).default([]).describe('Extra arguments passed to the pipeline script after --output-folder <dir>.');

/** `kfp-pipeline.yaml`: optional configuration of a pipeline folder. */
export const pipelineConfigSchema = z
  .object({
    sdk: z
      .enum(PIPELINE_SDKS)
      .default(DEFAULT_PIPELINE_SDK)
      .describe('The KFP SDK the pipeline is written for: v1 (kfp==1.8.22, compiles to an Argo Workflow, workflow.yaml) or v2 (the pinned kfp 2.x, compiles to the pipeline IR, pipeline.yaml).'),
    script: z.string().min(1).default(PIPELINE_SCRIPT).describe('The pipeline script, relative to the folder.'),
    args: argsSchema,
    variants: z
      .record(
        z.string().regex(VARIANT_NAME_PATTERN, 'variant names use letters, digits, ".", "_" and "-"'),
        z
          .object({ args: argsSchema })
          .strict()
          .nullable()
          .transform((v) => v ?? { args: [] }),
      )
      .optional()
      .describe('Variants rendered into RENDERED_PIPELINE_<variant>/ each, e.g. dev, test and prod with their own arguments. Without variants the pipeline renders into RENDERED_PIPELINE/.'),
  })
  .strict();

export type PipelineConfig = z.output<typeof pipelineConfigSchema>;

export const DEFAULT_PIPELINE_CONFIG: PipelineConfig = { sdk: DEFAULT_PIPELINE_SDK, script: PIPELINE_SCRIPT, args: [] };

export class PipelineConfigError extends Error {
  override name = 'PipelineConfigError';
}

/** Parses a kfp-pipeline.yaml text; every problem is reported at once, each naming the file, line and key. */
export function parsePipelineConfig(text: string, file: string): PipelineConfig {
  const yaml = parseYamlFile(text, file);
  const problems = [...yaml.problems];
  let config: PipelineConfig | undefined;
  if (yaml.data !== undefined) {
    const result = validateWithSchema(pipelineConfigSchema, yaml.data ?? {}, yaml, []);
    if (result.ok) config = result.data;
    else problems.push(...locate(yaml, result.problems));
  }
  if (hasErrors(problems) || !config) throw new PipelineConfigError(formatProblems(problems));
  return config;
}

export function readPipelineConfig(absFile: string, displayFile: string = PIPELINE_CONFIG_FILE): PipelineConfig {
  return parsePipelineConfig(readFileSync(absFile, 'utf8'), displayFile);
}
