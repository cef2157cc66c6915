import { toTypedValue, type SpecInput } from '../pipeline-spec/pipeline-spec';
import { checkParameters } from '../workflow/argo-workflow';

export class RunInputError extends Error {
  override name = 'RunInputError';
}

/** `--param name=value` (one string or many); the value may itself contain `=`. */
export function parseParamOverrides(param: string | string[] | undefined): Map<string, string> {
  const overrides = new Map<string, string>();
  for (const entry of param === undefined ? [] : Array.isArray(param) ? param : [param]) {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new RunInputError(`--param ${JSON.stringify(entry)} is not name=value.`);
    overrides.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  return overrides;
}

/**
 * The run's parameters: the committed params/ defaults, overridden by --param.
 * Unknown names and required parameters without a value are rejected here,
 * before anything is sent to the cluster.
 */
export function runParameters(inputs: ReadonlyArray<{ name: string; optional: boolean }>, defaults: ReadonlyMap<string, string>, overrides: ReadonlyMap<string, string>): Record<string, string> {
  const declared = inputs.map((i) => i.name);
  const unknown = [...overrides.keys()].filter((name) => !declared.includes(name));
  if (unknown.length > 0) {
    throw new RunInputError(`Unknown parameter${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}: the pipeline's parameters are ${declared.join(', ') || '(none)'}.`);
  }
  const values: Record<string, string> = {};
  for (const name of declared) {
    const value = overrides.get(name) ?? defaults.get(name);
    if (value !== undefined) values[name] = value;
  }
  const { missing } = checkParameters(inputs, Object.keys(values));
  if (missing.length > 0) {
    throw new RunInputError(`Missing value for required parameter${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: pass --param ${missing[0]}=<value>.`);
  }
  return values;
}

/**
 * A v2 run's parameters as the IR declares them (a number for NUMBER_INTEGER,
 * a list for LIST...): the server refuses a string for a number, so every
 * value that does not fit is reported here, all at once, before any request.
 */
export function typedRunParameters(inputs: readonly SpecInput[], values: Readonly<Record<string, string>>): Record<string, unknown> {
  const typed: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const input of inputs) {
    if (!(input.name in values)) continue;
    const result = toTypedValue(input, values[input.name]);
    if (result.ok) typed[input.name] = result.value;
    else problems.push(result.message);
  }
  if (problems.length > 0) throw new RunInputError(`Parameter value${problems.length > 1 ? 's do' : ' does'} not fit the pipeline's declared type:\n  ${problems.join('\n  ')}`);
  return typed;
}
