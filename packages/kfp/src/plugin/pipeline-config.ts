import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { PIPELINE_CONFIG_FILE, PIPELINE_SCRIPT, VARIANT_NAME_PATTERN } from '../pipeline/layout';

const argsSchema = z.array(z.string()).default([]).describe('Extra arguments passed to the pipeline script after --output-folder <dir>.');

/** `kfp-pipeline.yaml`: optional configuration of a pipeline folder. */
export const pipelineConfigSchema = z
  .object({
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

export const DEFAULT_PIPELINE_CONFIG: PipelineConfig = { script: PIPELINE_SCRIPT, args: [] };

export class PipelineConfigError extends Error {
  override name = 'PipelineConfigError';
}

/** Parses a kfp-pipeline.yaml text; errors name the file, line and key. */
export function parsePipelineConfig(text: string, file: string): PipelineConfig {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    throw new PipelineConfigError(`${file}:${e.linePos?.[0].line ?? 1}:${e.linePos?.[0].col ?? 1}: invalid YAML: ${e.message.split('\n')[0]}`);
  }
  const result = pipelineConfigSchema.safeParse(doc.toJS() ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
  const node = doc.getIn(path.map(String), true) as { range?: [number, number] } | undefined;
  const parent = doc.getIn(issue.path.map(String), true) as { range?: [number, number] } | undefined;
  const offset = node?.range?.[0] ?? parent?.range?.[0] ?? 0;
  const { line, col } = lineCol(text, offset);
  const what = issue.code === 'unrecognized_keys' ? `unknown key "${issue.keys.join('", "')}"` : issue.message;
  throw new PipelineConfigError(`${file}:${line}:${col}: ${path.join('.') || '(root)'}: ${what}`);
}

export function readPipelineConfig(absFile: string, displayFile: string = PIPELINE_CONFIG_FILE): PipelineConfig {
  return parsePipelineConfig(readFileSync(absFile, 'utf8'), displayFile);
}

function lineCol(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: before[before.length - 1].length + 1 };
}
