// The schema writer as a real process (the built CLI), writing into a temp folder.

import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const PACKAGE = path.resolve(__dirname, '..', '..');
const CLI = path.join(PACKAGE, 'dist', 'json-schemas', 'write-json-schemas.js');

import { configJsonSchemas, jsonSchemaText } from '../../src/json-schemas/json-schemas';

// Whether the committed files are up to date is json-schemas.spec.ts's job; this checks the CLI writes what the module generates.
describe('write-json-schemas CLI', () => {
  it('writes every generated schema file, as generated', async () => {
    const out = await fs.mkdtemp(path.join(os.tmpdir(), 'kfp-schemas-'));
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [CLI, out], { timeout: 60_000 });
      const files = ['experiments.schema.json', 'kfp-pipeline.schema.json', 'kfp-team.schema.json', 'recurring_runs.schema.json'];
      expect(stdout.trim().split('\n')).toEqual(['experiments.schema.json', 'recurring_runs.schema.json', 'kfp-team.schema.json', 'kfp-pipeline.schema.json'].map((f) => `wrote ${path.join(out, f)}`));
      expect((await fs.readdir(out)).sort()).toEqual(files);
      for (const file of files) {
        const written = await fs.readFile(path.join(out, file), 'utf8');
        expect({ file, written }).toEqual({ file, written: jsonSchemaText(configJsonSchemas()[file]) });
      }
    } finally {
      await fs.rm(out, { recursive: true, force: true });
    }
  });
});
