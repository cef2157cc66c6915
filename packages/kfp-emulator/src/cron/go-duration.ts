/** Go's time.ParseDuration, returning nanoseconds as a bigint, or an error message. */
const UNIT_NANOS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  'µs': 1000n,
  'μs': 1000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

export function parseGoDuration(text: string): { nanos: bigint } | { error: string } {
  const fail = { error: `time: invalid duration "${text}"` };
  let rest = text;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest.startsWith('-');
    rest = rest.slice(1);
  }
  if (rest === '0') return { nanos: 0n };
  if (rest === '') return fail;
  let total = 0;
  const part = /^(\d*)(?:\.(\d*))?([a-zµμ]+)/;
  while (rest !== '') {
    const match = part.exec(rest);
    if (!match || (match[1] === '' && (match[2] ?? '') === '')) return fail;
    const unit = UNIT_NANOS[match[3]];
    if (unit === undefined) return { error: `time: unknown unit "${match[3]}" in duration "${text}"` };
    total += Number(`${match[1] || '0'}.${match[2] || '0'}`) * Number(unit);
    rest = rest.slice(match[0].length);
  }
  const nanos = BigInt(Math.round(total));
  return { nanos: negative ? -nanos : nanos };
}
