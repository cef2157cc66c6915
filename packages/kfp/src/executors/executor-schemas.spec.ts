import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONNECTION_OPTION_PROPERTIES } from '../connection/target-options';
import { DEFAULT_PIPELINE_SDK, PIPELINE_SCRIPT } from '../pipeline/layout';
import { DEFAULT_APPLY_CONCURRENCY, DEFAULT_LOCK_TTL } from '../reconcile/reconcile-team';
import { DEFAULT_RENDER_TIMEOUT } from '../render/defaults';
import { WAIT_DEFAULTS } from '../run/run-pipeline';

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

// Nx applies schema.json defaults to executor options; code outside Nx falls back to the same constants.
test.each([
  ['render', 'sdk', DEFAULT_PIPELINE_SDK],
  ['render', 'script', PIPELINE_SCRIPT],
  ['render', 'timeout', DEFAULT_RENDER_TIMEOUT],
  ['run', 'pollInterval', WAIT_DEFAULTS.pollInterval],
  ['run', 'waitTimeout', WAIT_DEFAULTS.waitTimeout],
  ['reconcile', 'concurrency', DEFAULT_APPLY_CONCURRENCY],
  ['reconcile', 'lockTtl', DEFAULT_LOCK_TTL],
])('the %s schema default of %s is the one the code uses', (executor, option, value) => {
  expect(schema(executor).properties[option].default).toBe(value);
});
