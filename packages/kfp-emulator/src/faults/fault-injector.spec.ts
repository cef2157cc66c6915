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
    expect(faults.decide(request('runs.get', 'GET', '/apis/v1beta1/runs/1'))).toEqual({ latencyMs: 30 });
    expect(faults.decide(request('runs.get', 'GET', '/pipeline/apis/v1beta1/runs/1'))).toEqual({
      latencyMs: 30,
      action: { type: 'reset', rule: 1 },
    });
  });

  it('validates rules with messages naming the rule and field', () => {
    expect(() => validateFaultRules([{ status: 99 }])).toThrow('fault rule [0].status must be an HTTP status code (100-599)');
    expect(() => validateFaultRules([{}, { at: [0] }])).toThrow('fault rule [1].at must be a list of positive integers (1-based)');
    expect(() => validateFaultRules([{ rate: 2 }])).toThrow('fault rule [0].rate must be between 0 and 1');
    expect(() => validateFaultRules([{ pathPattern: '(' }])).toThrow(/fault rule \[0\]\.pathPattern is not a valid regular expression/);
    expect(() => validateFaultRules([{ colour: 'red' }])).toThrow('fault rule [0]: unknown field "colour"');
    expect(() => validateFaultRules({})).toThrow(/JSON array/);
  });
});
