import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONNECTION_OPTION_PROPERTIES } from '../shared/connection-options';

test('the run schema carries exactly the shared connection options', () => {
  const schema = JSON.parse(readFileSync(join(__dirname, 'schema.json'), 'utf8'));
  for (const [name, property] of Object.entries(CONNECTION_OPTION_PROPERTIES)) expect(schema.properties[name]).toEqual(property);
  expect(Object.values(schema.properties).every((p) => typeof (p as { description?: string }).description === 'string')).toBe(true);
});
