/**
 * Go's time.ParseDuration, returning nanoseconds as a bigint, or an error message.
 * A step-by-step port of Go's own code (src/time/format.go): uint64 arithmetic in
 * BigInt, so a duration past Go's int64 range is refused where Go refuses it
 * (floating-point arithmetic here once accepted "9999999999h" and then produced
 * dates JavaScript cannot represent), and a fraction computed in float64 as Go does.
 */
const UNIT_NANOS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  'µs': 1000n, // U+00B5 micro sign
  'μs': 1000n, // U+03BC Greek small letter mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const TWO_63 = 1n << 63n;

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
  let total = 0n;
  while (rest !== '') {
    if (!/^[0-9.]/.test(rest)) return fail;
    // [0-9]*: leadingInt, which fails past 1<<63.
    const whole = /^[0-9]*/.exec(rest)?.[0] ?? '';
    rest = rest.slice(whole.length);
    let value = 0n;
    for (const digit of whole) {
      if (value > TWO_63 / 10n) return fail;
      value = value * 10n + BigInt(digit);
      if (value > TWO_63) return fail;
    }
    // (\.[0-9]*)?: leadingFraction, which stops taking digits once they would overflow.
    let fraction = 0n;
    let scale = 1;
    let hasFraction = false;
    if (rest.startsWith('.')) {
      const digits = /^[0-9]*/.exec(rest.slice(1))?.[0] ?? '';
      rest = rest.slice(1 + digits.length);
      hasFraction = digits !== '';
      let overflow = false;
      for (const digit of digits) {
        if (overflow) continue;
        if (fraction > (TWO_63 - 1n) / 10n) {
          overflow = true;
          continue;
        }
        const next = fraction * 10n + BigInt(digit);
        if (next > TWO_63) {
          overflow = true;
          continue;
        }
        fraction = next;
        scale *= 10;
      }
    }
    if (whole === '' && !hasFraction) return fail;
    // The unit runs to the next digit or period.
    const unitText = /^[^0-9.]*/.exec(rest)?.[0] ?? '';
    if (unitText === '') return { error: `time: missing unit in duration "${text}"` };
    rest = rest.slice(unitText.length);
    const unit = UNIT_NANOS[unitText];
    if (unit === undefined) return { error: `time: unknown unit "${unitText}" in duration "${text}"` };
    if (value > TWO_63 / unit) return fail;
    value *= unit;
    if (fraction > 0n) {
      // Go: v += uint64(float64(f) * (float64(unit) / scale))
      value += BigInt(Math.trunc(Number(fraction) * (Number(unit) / scale)));
      if (value > TWO_63) return fail;
    }
    total += value;
    if (total > TWO_63) return fail;
  }
  if (negative) return { nanos: -total };
  if (total > TWO_63 - 1n) return fail;
  return { nanos: total };
}
