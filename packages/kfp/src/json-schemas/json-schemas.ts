// JSON Schema documents for the plugin's YAML files (team files and
// kfp-pipeline.yaml), generated from the zod schemas (the single source of
// truth) so editors can complete keys and show help.

import * as path from 'node:path';
import { z } from 'zod';
import { pipelineConfigSchema } from '../pipeline/pipeline-config';
import { experimentsFileSchema } from '../team-config/schemas/experiments';
import { recurringRunsFileSchema } from '../team-config/schemas/recurring-runs';
import { teamSettingsFileSchema } from '../team-config/schemas/team-settings';

export const JSON_SCHEMA_FILES = {
  experiments: 'experiments.schema.json',
  recurringRuns: 'recurring_runs.schema.json',
  teamSettings: 'kfp-team.schema.json',
  pipelineConfig: 'kfp-pipeline.schema.json',
} as const;

/** Where the schema files are published: `node_modules/kfp/schemas/<file>` in a workspace. */
export const PUBLISHED_SCHEMA_DIR = 'node_modules/kfp/schemas';

/** The schema documents by file name. */
export function configJsonSchemas(): Record<string, object> {
  const documents: Array<[string, z.ZodType, string]> = [
    [JSON_SCHEMA_FILES.experiments, experimentsFileSchema, 'KFP team experiments (experiments.yaml)'],
    [JSON_SCHEMA_FILES.recurringRuns, recurringRunsFileSchema, 'KFP team recurring runs (recurring_runs.yaml)'],
    [JSON_SCHEMA_FILES.teamSettings, teamSettingsFileSchema, 'KFP team settings (kfp-team.yaml)'],
    [JSON_SCHEMA_FILES.pipelineConfig, pipelineConfigSchema, 'KFP pipeline configuration (kfp-pipeline.yaml)'],
  ];
  const result: Record<string, object> = {};
  for (const [file, schema, title] of documents) {
    // io: 'input' describes what a person writes (keys with defaults are optional).
    const generated = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', override: dropSafeIntegerBounds });
    result[file] = { ...generated, title };
  }
  return result;
}

// z.int() adds ±(2^53-1) bounds that only clutter editor hints.
function dropSafeIntegerBounds(ctx: { jsonSchema: Record<string, unknown> }): void {
  const schema = ctx.jsonSchema;
  if (schema.maximum === Number.MAX_SAFE_INTEGER) delete schema.maximum;
  if (schema.minimum === Number.MIN_SAFE_INTEGER) delete schema.minimum;
}

/** The text of a schema file as written to disk. */
export function jsonSchemaText(document: object): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * `# yaml-language-server: $schema=<path>` for a YAML file, with the schema path
 * relative to the YAML file's folder (both paths relative to the same root, or absolute).
 */
export function yamlLanguageServerHeader(schemaFile: string, fromFile: string): string {
  const relative = path.posix.relative(path.posix.dirname(toPosix(fromFile)), toPosix(schemaFile));
  return `# yaml-language-server: $schema=${relative.startsWith('.') ? relative : `./${relative}`}`;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
