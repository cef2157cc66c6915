import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONNECTION_OPTION_PROPERTIES } from '../connection/target-options';

const schema = (executor: string) => JSON.parse(readFileSync(join(__dirname, executor, 'schema.json'), 'utf8'));

test.each(['run', 'reconcile'])('the %s schema carries exactly the shared connection options', (executor) => {
  const { properties } = schema(executor);
  for (const [name, property] of Object.entries(CONNECTION_OPTION_PROPERTIES)) expect(properties[name]).toEqual(property);
});

test.each(['render', 'run', 'validate', 'reconcile'])('every option of the %s executor is described for --help', (executor) => {
  const { properties, version } = schema(executor);
  expect(version).toBe(2);
  const undescribed = Object.entries(properties).filter(([, p]) => !(p as { description?: string }).description).map(([name]) => name);
  expect(undescribed).toEqual([]);
});
