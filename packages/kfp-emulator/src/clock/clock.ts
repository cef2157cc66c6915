/**
 * The emulator's notion of time. 'wall' follows Date.now() (plus whatever advance() added);
 * 'manual' starts at the real time and moves only when advance() is called.
 */
export class EmulatorClock {
  private offsetMs = 0;
  private readonly manualBase: number;

  constructor(readonly mode: 'wall' | 'manual') {
    this.manualBase = Date.now();
  }

  now(): number {
    return (this.mode === 'manual' ? this.manualBase : Date.now()) + this.offsetMs;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`advance(ms) needs a non-negative number of milliseconds, got ${ms}`);
    this.offsetMs += ms;
  }
}
