import { readFileSync } from 'node:fs';
import { isMap, isScalar, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { PIPELINE_CONFIG_FILE, PIPELINE_SCRIPT, VARIANT_NAME_PATTERN } from '../pipeline/layout';
import { lineAndColumn } from '../workflow/argo-workflow';

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
    const { line, column } = lineAndColumn(text, e.pos[0]);
    throw new PipelineConfigError(`${file}:${line}:${column}: invalid YAML: ${e.message.split('\n')[0]}`);
  }
  const result = pipelineConfigSchema.safeParse(doc.toJS() ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
  const offset = sourceOffset(doc, path.map(String), issue.code === 'unrecognized_keys' || issue.code === 'invalid_key');
  const { line, column } = lineAndColumn(text, offset);
  const what =
    issue.code === 'unrecognized_keys'
      ? `unknown key "${issue.keys.join('", "')}"`
      : issue.code === 'invalid_key'
        ? (issue.issues[0]?.message ?? issue.message)
        : issue.message;
  throw new PipelineConfigError(`${file}:${line}:${column}: ${path.join('.') || '(root)'}: ${what}`);
}

/** Where a key (or its value) starts in the source, falling back to the nearest parent. */
function sourceOffset(doc: Document, path: string[], atKey: boolean): number {
  for (let depth = path.length; depth > 0; depth--) {
    const parent = depth === 1 ? doc.contents : doc.getIn(path.slice(0, depth - 1), true);
    if (!isMap(parent)) continue;
    const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === path[depth - 1]);
    const node = depth === path.length && !atKey ? pair?.value : pair?.key;
    const range = (node as { range?: [number, number] } | null | undefined)?.range;
    if (range) return range[0];
  }
  return 0;
}

export function readPipelineConfig(absFile: string, displayFile: string = PIPELINE_CONFIG_FILE): PipelineConfig {
  return parsePipelineConfig(readFileSync(absFile, 'utf8'), displayFile);
}
