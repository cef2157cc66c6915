/** What a command-line flag takes. */
export type FlagKind = 'string' | 'boolean';

export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * `--name value`, `--name=value` and, for booleans, `--name`, `--name=true|false`.
 * An empty value (`--base=` from an unset workflow input) counts as not given,
 * so a workflow can pass every input through as written.
 */
export function parseFlags<K extends string>(argv: readonly string[], spec: Record<K, FlagKind>, command: string): Partial<Record<K, string | boolean>> {
  const flags: Partial<Record<K, string | boolean>> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const match = /^--([a-z][a-z-]*)(?:=(.*))?$/s.exec(arg);
    const name = match?.[1] as K | undefined;
    if (!match || !name || !(name in spec)) throw new UsageError(`unknown argument ${arg} (see ${command} --help)`);
    const inline = match[2];
    if (spec[name] === 'boolean') {
      if (inline === undefined || inline === 'true') flags[name] = true;
      else if (inline === 'false' || inline === '') flags[name] = false;
      else throw new UsageError(`--${name} takes true or false, got "${inline}"`);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    if (value !== '') flags[name] = value;
  }
  return flags;
}
