import { FaultInjector, validateFaultRules } from './fault-injector';

const request = (kind: string, method = 'POST', path = '/apis/v1beta1/jobs') => ({ kind, method, path });

describe('FaultInjector', () => {
  it('fires at the N-th matching request of a kind, counting from injection', () => {
    const faults = new FaultInjector();
    faults.inject([{ kind: 'jobs.create', at: [2, 4], status: 500 }]);
    const statuses = [1, 2, 3, 4, 5].map(() => faults.decide(request('jobs.create')).action);
    expect(statuses.map((a) => (a?.type === 'status' ? a.status : 'ok'))).toEqual(['ok', 500, 'ok', 500, 'ok']);
    expect(faults.decide(request('runs.create')).action).toBeUndefined();
  });

  it('limits firings with times and defaults to 503', () => {
    const faults = new FaultInjector();
    faults.inject([{ method: 'post', times: 2 }]);
    const actions = [1, 2, 3].map(() => faults.decide(request('x')).action);
    expect(actions.map((a) => (a?.type === 'status' ? a.status : 'ok'))).toEqual([503, 503, 'ok']);
  });

  it('is repeatable with a rate (seeded RNG), and clear() restarts the sequence', () => {
    const faults = new FaultInjector();
    const sample = () => {
      faults.clear();
      faults.inject([{ rate: 0.5, status: 502 }]);
      return Array.from({ length: 40 }, () => (faults.decide(request('runs.get', 'GET')).action ? 1 : 0)).join('');
    };
    const first = sample();
    expect(sample()).toBe(first);
    const fired = [...first].filter((c) => c === '1').length;
    expect(fired).toBeGreaterThan(8);
    expect(fired).toBeLessThan(32);
  });

  it('supports resets, path patterns and latency-only rules', () => {
    const faults = new FaultInjector();
    faults.inject([{ latencyMs: 30 }, { pathPattern: '^/pipeline/', reset: true }]);
    expect(faults.decide(request('runs.get', 'GET', '/apis/v1beta1/runs/1'))).toEqual({ latencyMs: 30, replyDelayMs: 0 });
    expect(faults.decide(request('runs.get', 'GET', '/pipeline/apis/v1beta1/runs/1'))).toEqual({
      latencyMs: 30,
      replyDelayMs: 0,
      action: { type: 'reset', rule: 1 },
    });
  });

  it('delays the answer after handling with replyDelayMs, without failing the request', () => {
    const faults = new FaultInjector();
    faults.inject([{ kind: 'jobs.create', replyDelayMs: 500, times: 1 }]);
    expect(faults.decide(request('jobs.create'))).toEqual({ latencyMs: 0, replyDelayMs: 500 });
    expect(faults.decide(request('jobs.create'))).toEqual({ latencyMs: 0, replyDelayMs: 0 });
  });

  it('rejects a kind it does not know, when given the known kinds, and adds no rule of a bad batch', () => {
    const faults = new FaultInjector(new Set(['jobs.create']));
    expect(() => faults.inject([{ kind: 'jobs.create', status: 500 }, { kind: 'job.create', status: 500 }])).toThrow(
      /fault rule \[1\]\.kind "job\.create" is not a request kind/,
    );
    expect(faults.decide(request('jobs.create')).action).toBeUndefined();
  });

  it('validates rules with messages naming the rule and field', () => {
    expect(() => validateFaultRules([{ status: 99 }])).toThrow('fault rule [0].status must be an HTTP status code (100-599)');
    expect(() => validateFaultRules([{}, { at: [0] }])).toThrow('fault rule [1].at must be a list of positive integers (1-based)');
    expect(() => validateFaultRules([{ rate: 2 }])).toThrow('fault rule [0].rate must be between 0 and 1');
    expect(() => validateFaultRules([{ pathPattern: '(' }])).toThrow(/fault rule \[0\]\.pathPattern is not a valid regular expression/);
    expect(() => validateFaultRules([{ colour: 'red' }])).toThrow('fault rule [0]: unknown field "colour"');
    expect(() => validateFaultRules({})).toThrow(/JSON array/);
    expect(() => validateFaultRules([{ latencyMs: 1e9 }])).toThrow('fault rule [0].latencyMs must be at most 600000 (ten minutes)');
    expect(() => validateFaultRules([{ replyDelayMs: -1 }])).toThrow('fault rule [0].replyDelayMs must be a non-negative integer');
    expect(() => validateFaultRules([{ rate: Number.NaN }])).toThrow('fault rule [0].rate must be between 0 and 1');
    expect(() => validateFaultRules([{ at: [] }])).toThrow(/at must be a list of positive integers/);
    expect(() => validateFaultRules([{ method: 'FETCH' }])).toThrow('fault rule [0].method must be an HTTP method, got "FETCH"');
    expect(() => validateFaultRules([{ reset: true, status: 500 }])).toThrow('fault rule [0]: set either reset or status, not both');
  });
});
