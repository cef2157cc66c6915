import { DEFAULT_RETRY_POLICY, backoffDelay, parseRetryAfter, type RetryPolicy } from './backoff';

const policy: RetryPolicy = { attempts: 6, baseDelayMs: 200, maxDelayMs: 5000, maxRetryAfterMs: 30_000 };

describe('backoffDelay (full jitter)', () => {
  it('doubles the ceiling with each retry up to the cap', () => {
    const almostOne = () => 0.999999;
    expect([1, 2, 3, 4, 5, 6, 7].map((retry) => backoffDelay(retry, policy, almostOne))).toEqual([199, 399, 799, 1599, 3199, 4999, 4999]);
  });

  it('picks uniformly between zero and the ceiling', () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(400);
    expect(backoffDelay(3, policy, () => 0.25)).toBe(200);
  });

  it('treats Retry-After as a floor, capped by maxRetryAfterMs', () => {
    expect(backoffDelay(1, policy, () => 0.5, 2000)).toBe(2000);
    expect(backoffDelay(5, policy, () => 0.999999, 10)).toBe(3199);
    expect(backoffDelay(1, policy, () => 0, 120_000)).toBe(30_000);
  });

  it('has the documented defaults', () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({ attempts: 4, baseDelayMs: 200, maxDelayMs: 5000, maxRetryAfterMs: 30_000 });
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2024-05-01T12:00:00Z');

  it('reads delta seconds', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfter('Wed, 01 May 2024 12:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfter('Wed, 01 May 2024 11:00:00 GMT', now)).toBe(0);
  });

  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
