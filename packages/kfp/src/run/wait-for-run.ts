/** What waiting needs to know of a run, v1 or v2. */
export interface RunStatus {
  status?: string;
  error?: string;
}

/**
 * Terminal states as the SDKs' wait_for_run_completion see them
 * (case-insensitive): v1's Argo phases, and v2's runtime states (CANCELED).
 */
const TERMINAL = new Set(['succeeded', 'failed', 'skipped', 'error', 'canceled']);

export function isTerminal(status: string | undefined): boolean {
  return status !== undefined && TERMINAL.has(status.toLowerCase());
}

export function isSuccess(status: string | undefined): boolean {
  return status !== undefined && ['succeeded', 'skipped'].includes(status.toLowerCase());
}

export interface WaitOptions {
  pollIntervalMs: number;
  timeoutMs: number;
  getRun: () => Promise<RunStatus>;
  /** Called when the status changes, with the time since waiting started. */
  onStatus: (status: string, elapsedMs: number) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export class RunWaitTimeout extends Error {
  override name = 'RunWaitTimeout';
}

/** Polls until the run reaches a terminal state; reports each status change once. */
export async function waitForRun(options: WaitOptions): Promise<RunStatus> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = options.now ?? Date.now;
  const start = now();
  let last: string | undefined;
  for (;;) {
    const run = await options.getRun();
    const status = run.status ?? 'Pending';
    if (status !== last) options.onStatus(status, now() - start);
    last = status;
    if (isTerminal(run.status)) return run;
    if (now() - start + options.pollIntervalMs > options.timeoutMs) {
      throw new RunWaitTimeout(`The run is still ${status} after ${Math.round((now() - start) / 1000)}s (--wait-timeout ${Math.round(options.timeoutMs / 1000)}s); it keeps running on the cluster.`);
    }
    await sleep(options.pollIntervalMs);
  }
}
