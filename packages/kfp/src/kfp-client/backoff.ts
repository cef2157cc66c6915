export interface RetryPolicy {
  /** Total tries, the first included. 1 disables retries. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest Retry-After the client is willing to honour; longer ones are cut to this. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 4,
  baseDelayMs: 200,
  maxDelayMs: 5000,
  maxRetryAfterMs: 30_000,
};

/**
 * Delay before retry number `retry` (1 = the first retry): "full jitter", a
 * uniform pick in [0, min(cap, base * 2^(retry-1))], so many clients that
 * failed together do not come back together. A server's Retry-After is a
 * floor (up to `maxRetryAfterMs`).
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number, retryAfterMs?: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  const jittered = Math.floor(clamp01(random()) * ceiling);
  if (retryAfterMs === undefined) return jittered;
  return Math.max(jittered, Math.min(retryAfterMs, policy.maxRetryAfterMs));
}

/** Parses a Retry-After header: delta seconds or an HTTP date. Undefined when absent or unreadable. */
export function parseRetryAfter(header: string | undefined, nowMs: number): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

function clamp01(value: number): number {
  return value < 0 ? 0 : value >= 1 ? 0.999999 : value;
}
