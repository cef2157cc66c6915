/** The longest single step of the clock: a year (and a day), enough for any schedule a test follows. */
export const MAX_ADVANCE_MS = 366 * 24 * 3600 * 1000;
/** Timestamps print as RFC 3339 with a four-digit year. */
const LATEST_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59);

/**
 * The emulator's notion of time. 'wall' follows Date.now() (plus whatever advance() added);
 * 'manual' starts at the real time (or a given one) and moves only when advance() is called.
 */
export class EmulatorClock {
  private offsetMs = 0;
  private manualBase: number;

  /** `startAtMs`: where a manual clock starts (and returns to on reset); the real time by default. */
  constructor(
    readonly mode: 'wall' | 'manual',
    private readonly startAtMs?: number,
  ) {
    this.manualBase = startAtMs ?? Date.now();
  }

  now(): number {
    return (this.mode === 'manual' ? this.manualBase : Date.now()) + this.offsetMs;
  }

  /** Moves the clock forward; a value that is not a sane step is refused and changes nothing. */
  advance(ms: number): void {
    const problem = advanceProblem(ms);
    if (problem) throw new Error(problem);
    if (this.now() + ms > LATEST_TIME_MS) throw new Error(`advance: the clock would pass the year 9999 (it is at ${new Date(this.now()).toISOString()})`);
    this.offsetMs += ms;
  }

  /** Back to the start: the real time, or a manual clock's start time. */
  reset(): void {
    this.offsetMs = 0;
    this.manualBase = this.startAtMs ?? Date.now();
  }
}

/** Why `ms` is not an acceptable clock step, or undefined when it is. */
export function advanceProblem(ms: unknown): string | undefined {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return `advance needs a finite number of milliseconds, got ${String(ms)}`;
  if (ms < 0) return `advance cannot move the clock back (got ${ms} ms)`;
  if (ms > MAX_ADVANCE_MS) return `advance moves the clock at most ${MAX_ADVANCE_MS} ms (366 days) at a time, got ${ms}`;
  return undefined;
}
