// Go's time.ParseDuration grammar, used by robfig/cron's `@every <duration>`:
// [-+]?([0-9]*(\.[0-9]*)?[a-z]+)+ with the units below. Kept exact (BigInt
// nanoseconds) so overflow is reported where Go reports it.

const NANOS_PER_UNIT: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['\u00b5s', 1_000n], // micro sign
  ['\u03bcs', 1_000n], // Greek small letter mu
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
]);

const MAX_INT64 = (1n << 63n) - 1n;

export type GoDurationResult = { ok: true; nanoseconds: bigint } | { ok: false; message: string };

/** Parses a Go duration string such as `1h30m`, `90s` or `1.5h`. */
export function parseGoDuration(text: string): GoDurationResult {
  const invalid = (why: string): GoDurationResult => ({ ok: false, message: `invalid duration ${JSON.stringify(text)}: ${why}` });
  let rest = text;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest.startsWith('-');
    rest = rest.slice(1);
  }
  if (rest === '0') return { ok: true, nanoseconds: 0n };
  if (rest === '') return invalid('it is empty');

  let total = 0n;
  while (rest !== '') {
    const number = /^([0-9]*)(?:\.([0-9]*))?/.exec(rest);
    const whole = number?.[1] ?? '';
    const fraction = number?.[2];
    if (whole === '' && (fraction === undefined || fraction === '')) {
      return invalid(`expected a number at ${JSON.stringify(rest)}`);
    }
    rest = rest.slice(number?.[0].length ?? 0);
    const unitMatch = /^[^0-9.]+/.exec(rest);
    if (!unitMatch) return invalid('missing unit (use ns, us, ms, s, m or h)');
    const unitText = unitMatch[0];
    rest = rest.slice(unitText.length);
    const unit = NANOS_PER_UNIT.get(unitText);
    if (unit === undefined) return invalid(`unknown unit ${JSON.stringify(unitText)} (use ns, us, ms, s, m or h)`);

    let value = BigInt(whole === '' ? '0' : whole) * unit;
    if (fraction) value += goFractionNanos(fraction, unit);
    total += value;
    if (total > 1n << 63n) return invalid('it overflows (the maximum is about 2562047h)');
  }
  if (!negative && total > MAX_INT64) return invalid('it overflows (the maximum is about 2562047h)');
  return { ok: true, nanoseconds: negative ? -total : total };
}

/**
 * The nanoseconds a fraction adds, as Go computes them: its leadingFraction keeps
 * digits while they fit in 63 bits, then `uint64(float64(f) * (float64(unit) / scale))`.
 * The float can round up where exact arithmetic would not: Go reads 0.000555555555555555555h
 * and 1.9999999999999999999s as exactly 2s (robfig then fires every 2s, not every 1s).
 * Found by the shared corpus; exact BigInt arithmetic here said 1.999999999s.
 */
function goFractionNanos(digits: string, unit: bigint): bigint {
  let fraction = 0n;
  let scale = 1;
  for (const digit of digits) {
    if (fraction > MAX_INT64 / 10n) break;
    const next = fraction * 10n + BigInt(digit);
    if (next > 1n << 63n) break;
    fraction = next;
    scale *= 10;
  }
  return BigInt(Math.trunc(Number(fraction) * (Number(unit) / scale)));
}
