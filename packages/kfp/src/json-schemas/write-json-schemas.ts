// Writes packages/kfp/schemas/*.schema.json from the zod schemas.
// Usage (after `npm run build`): node packages/kfp/dist/json-schemas/write-json-schemas.js [outDir]

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { jsonSchemaText, configJsonSchemas } from './json-schemas';

/** The package's schemas/ folder, from dist/team-config or src/team-config. */
export const DEFAULT_SCHEMA_DIR = path.resolve(__dirname, '..', '..', 'schemas');

export async function writeJsonSchemas(outDir = DEFAULT_SCHEMA_DIR): Promise<string[]> {
  await fs.mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const [file, document] of Object.entries(configJsonSchemas())) {
    const target = path.join(outDir, file);
    await fs.writeFile(target, jsonSchemaText(document));
    written.push(target);
  }
  return written;
}

if (require.main === module) {
  writeJsonSchemas(process.argv[2]).then(
    (files) => console.log(files.map((f) => `wrote ${f}`).join('\n')),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exitCode = 1;
    },
  );
}
