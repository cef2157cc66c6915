import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { jsonSchemaText, JSON_SCHEMA_FILES, configJsonSchemas, yamlLanguageServerHeader } from './json-schemas';

const SCHEMA_DIR = path.resolve(__dirname, '..', '..', 'schemas');

describe('JSON Schema files', () => {
  it.each(Object.values(JSON_SCHEMA_FILES))('packages/kfp/schemas/%s is up to date with the zod schemas', async (file) => {
    const committed = await fs.readFile(path.join(SCHEMA_DIR, file), 'utf8').catch(() => '(missing)');
    const generated = configJsonSchemas()[file];
    if (!generated) throw new Error(`no generated schema named ${file}`);
    const hint = 'run: npm run schemas';
    expect({ file, text: committed, hint }).toEqual({ file, text: jsonSchemaText(generated), hint });
  });

  it('describes every field, so editors can show help', () => {
    const undescribed: string[] = [];
    const walk = (node: unknown, where: string): void => {
      if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${where}[${i}]`));
      if (typeof node !== 'object' || node === null) return;
      for (const [key, value] of Object.entries(node)) {
        // oneOf branches only restate constraints on fields described elsewhere.
        if (key === 'oneOf') continue;
        if (key === 'properties' && typeof value === 'object' && value !== null) {
          for (const [field, schema] of Object.entries(value)) {
            if (!(schema as { description?: string }).description) undescribed.push(`${where}.${field}`);
          }
        }
        walk(value, `${where}/${key}`);
      }
    };
    for (const [file, document] of Object.entries(configJsonSchemas())) walk(document, file);
    expect(undescribed).toEqual([]);
  });

  it('keeps the reference format: strict objects, value XOR valueFrom, cron XOR interval_seconds', () => {
    const schema = configJsonSchemas()[JSON_SCHEMA_FILES.recurringRuns];
    expect(schema).toMatchObject({
      required: ['recurring_runs'],
      additionalProperties: false,
      properties: {
        recurring_runs: {
          items: {
            additionalProperties: false,
            required: ['pipeline_source', 'job'],
            properties: {
              keep_history: { type: 'integer', minimum: -1, default: 5 },
              pipeline_parameters: { items: { oneOf: [{ required: ['value'] }, { required: ['valueFrom'] }] } },
              pipeline_source: { anyOf: [{ required: ['github_owner', 'github_repo', 'git_reference', 'file_path'] }, { required: ['project'] }, { required: ['file_path'] }, { required: ['url', 'ref', 'path'] }] },
              job: {
                properties: {
                  max_concurrency: { type: 'integer', minimum: 1, maximum: 10 },
                  trigger: { oneOf: [{ required: ['cron'] }, { required: ['interval_seconds'] }] },
                },
              },
            },
          },
        },
      },
    });
  });
});

describe('yamlLanguageServerHeader', () => {
  it('points a team file at the published schema with a relative path', () => {
    expect(yamlLanguageServerHeader('node_modules/kfp/schemas/recurring_runs.schema.json', 'teams/team-1/recurring_runs.yaml')).toBe(
      '# yaml-language-server: $schema=../../node_modules/kfp/schemas/recurring_runs.schema.json',
    );
    expect(yamlLanguageServerHeader('/ws/node_modules/kfp/schemas/kfp-team.schema.json', '/ws/kfp-team.yaml')).toBe(
      '# yaml-language-server: $schema=./node_modules/kfp/schemas/kfp-team.schema.json',
    );
  });
});
