import { startEmulator, type RunningEmulator } from 'kfp-emulator';
import { request } from 'node:http';
import { readJson } from './support/checked-api';
import { WORKFLOW_JSON } from './support/fixtures';

const API = '/apis/v1beta1';

describe('fault injection, request log, reset and dump', () => {
  let emulator: RunningEmulator;
  beforeEach(async () => {
    emulator = await startEmulator({ clock: 'manual' });
  });
  afterEach(() => emulator.close());

  const post = (path: string, body?: unknown) =>
    fetch(emulator.url + path, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const createExperiment = (name: string) => post(`${API}/experiments`, { name });

  it('fails the N-th request of a kind with the flavor error body, without touching state', async () => {
    emulator.injectFaults([{ kind: 'experiments.create', at: [2], status: 500 }]);
    expect((await createExperiment('a')).status).toBe(200);
    const failed = await createExperiment('b');
    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({ code: 13, error: expect.stringContaining('injected fault') });
    expect((await createExperiment('c')).status).toBe(200);
    expect(emulator.dump().experiments.map((e) => e.name)).toEqual(['Default', 'a', 'c']);
    expect(emulator.requests().map((r) => [r.kind, r.status])).toEqual([
      ['experiments.create', 200],
      ['experiments.create', 500],
      ['experiments.create', 200],
    ]);
  });

  it('resets the connection when asked to', async () => {
    emulator.injectFaults([{ kind: 'healthz', reset: true, times: 1 }]);
    await expect(fetch(`${emulator.url}${API}/healthz`)).rejects.toThrow();
    expect((await fetch(`${emulator.url}${API}/healthz`)).status).toBe(200);
    expect(emulator.requests().map((r) => r.status)).toEqual([0, 200]);
  });

  it('fails a repeatable fraction of requests with a rate, and stops after clearFaults', async () => {
    const sample = async () => {
      emulator.clearFaults();
      emulator.injectFaults([{ rate: 0.5, status: 503, method: 'GET' }]);
      const statuses: number[] = [];
      for (let i = 0; i < 16; i++) statuses.push((await fetch(`${emulator.url}${API}/healthz`)).status);
      return statuses;
    };
    const first = await sample();
    expect(await sample()).toEqual(first);
    expect(first).toContain(503);
    expect(first).toContain(200);
    emulator.clearFaults();
    expect((await fetch(`${emulator.url}${API}/healthz`)).status).toBe(200);
  });

  it('counts mutating requests by kind in the request log, and can clear it', async () => {
    await createExperiment('x');
    await post(`${API}/runs`, { name: 'r', pipeline_spec: { workflow_manifest: WORKFLOW_JSON } });
    await fetch(`${emulator.url}/pipeline${API}/runs?page_size=5&filter=%7B%7D`);
    const log = emulator.requests();
    expect(log.map((r) => r.kind)).toEqual(['experiments.create', 'runs.create', 'runs.list']);
    expect(log[2]).toMatchObject({ method: 'GET', path: `/pipeline${API}/runs`, query: 'page_size=5&filter=%7B%7D', status: 200 });
    expect(log.map((r) => r.seq)).toEqual([1, 2, 3]);
    emulator.clearRequests();
    expect(emulator.requests()).toEqual([]);
  });

  it('reset() empties the state but keeps the Default experiment; dump() is a JSON snapshot', async () => {
    await createExperiment('x');
    const before = emulator.dump();
    expect(JSON.parse(JSON.stringify(before))).toEqual(before);
    expect(before.experiments.map((e) => e.name)).toEqual(['Default', 'x']);
    emulator.reset();
    expect(emulator.dump().experiments.map((e) => e.name)).toEqual(['Default']);
    before.experiments.pop();
    expect(emulator.dump().experiments).toHaveLength(1);
  });

  it('offers the same hooks over HTTP under /_emulator, unrecorded', async () => {
    const control = (method: string, path: string, body?: unknown) =>
      fetch(`${emulator.url}/_emulator${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    expect((await control('POST', '/faults', [{ kind: 'runs.create', status: 409 }])).status).toBe(200);
    expect((await post(`${API}/runs`, { name: 'r', pipeline_spec: { workflow_manifest: WORKFLOW_JSON } })).status).toBe(409);
    await control('DELETE', '/faults');
    expect((await control('POST', '/run-outcome', { runNamePattern: '.*', outcome: 'Failed' })).status).toBe(200);
    const run = await readJson(await post(`${API}/runs`, { name: 'r', pipeline_spec: { workflow_manifest: WORKFLOW_JSON } }));
    expect((await control('POST', '/advance?ms=2000')).status).toBe(200);
    const state = await readJson(await control('GET', '/state'));
    expect(state.runs.find((r: { id: string }) => r.id === run.run.id).status).toBe('Failed');
    const log = await readJson(await control('GET', '/requests'));
    expect(log.map((r: { kind: string }) => r.kind)).toEqual(['runs.create', 'runs.create']);
    await control('DELETE', '/requests');
    expect(await readJson(await control('GET', '/requests'))).toEqual([]);
    await control('POST', '/reset');
    expect((await readJson(await control('GET', '/state'))).runs).toEqual([]);
  });

  it('explains bad control calls', async () => {
    const bad = await fetch(`${emulator.url}/_emulator/faults`, { method: 'POST', body: '[{"status":"x"}]' });
    expect(bad.status).toBe(400);
    expect((await readJson(bad)).error).toBe('fault rule [0].status must be an HTTP status code (100-599)');
    expect((await fetch(`${emulator.url}/_emulator/advance`, { method: 'POST' })).status).toBe(400);
    expect((await fetch(`${emulator.url}/_emulator/run-outcome`, { method: 'POST', body: '{"runNamePattern":"(","outcome":"Failed"}' })).status).toBe(400);
    expect((await fetch(`${emulator.url}/_emulator/nope`)).status).toBe(404);
  });

  const control = async (path: string, body?: string): Promise<[number, Record<string, string>]> => {
    const res = await fetch(`${emulator.url}/_emulator${path}`, { method: 'POST', body });
    return [res.status, await readJson(res)];
  };
  const clockNow = async () => (await control('/advance?ms=0'))[1].now;

  it.each([
    ['1e300', 'advance moves the clock at most 31622400000 ms (366 days) at a time, got 1e+300'],
    ['31622400001', 'advance moves the clock at most 31622400000 ms (366 days) at a time, got 31622400001'],
    ['-5', 'advance cannot move the clock back (got -5 ms)'],
    ['NaN', 'advance: ms must be a number of milliseconds, got "NaN"'],
    ['soon', 'advance: ms must be a number of milliseconds, got "soon"'],
    ['0x10', 'advance: ms must be a number of milliseconds, got "0x10"'],
    ['', 'advance: ms must be a number of milliseconds, got ""'],
    ['Infinity', 'advance: ms must be a number of milliseconds, got "Infinity"'],
  ])('refuses advance?ms=%s with a 400 that says why, and leaves the clock alone', async (ms, error) => {
    const before = await clockNow();
    expect(await control(`/advance?ms=${encodeURIComponent(ms)}`)).toEqual([400, { error }]);
    expect(await clockNow()).toBe(before);
  });

  it('refuses the same from the programmatic advance', () => {
    expect(() => emulator.advance(Number.NaN)).toThrow('advance needs a finite number of milliseconds, got NaN');
    expect(() => emulator.advance(-1)).toThrow('advance cannot move the clock back (got -1 ms)');
    expect(() => emulator.advance(1e300)).toThrow(/at most 31622400000 ms/);
  });

  it('reset() brings the clock back to the real time', async () => {
    const real = Date.now();
    emulator.advance(300 * 24 * 3600_000);
    expect(Date.parse(await clockNow()) - real).toBeGreaterThan(299 * 24 * 3600_000);
    await control('/reset');
    expect(Math.abs(Date.parse(await clockNow()) - real)).toBeLessThan(3600_000);
  });

  it('reset() brings a manual clock back to its start time', async () => {
    const fixed = await startEmulator({ clock: { manual: true, startAt: '2024-05-06T00:00:00Z' } });
    try {
      fixed.advance(5000);
      fixed.reset();
      const res = await fetch(`${fixed.url}/_emulator/advance?ms=0`, { method: 'POST' });
      expect((await readJson(res)).now).toBe('2024-05-06T00:00:00.000Z');
    } finally {
      await fixed.close();
    }
  });

  it.each([
    ['', 'expected fault rules (a JSON array of FaultRule) as the request body, got an empty body'],
    ['[{', /^expected fault rules \(a JSON array of FaultRule\) as the request body, but it is not JSON: /],
    ['{"kind":"jobs.create"}', 'fault rules must be a JSON array of FaultRule objects'],
    ['[{"kind":"job.create"}]', /^fault rule \[0\]\.kind "job\.create" is not a request kind/],
    ['[{"latencyMs":86400000}]', 'fault rule [0].latencyMs must be at most 600000 (ten minutes)'],
    ['[{"kind":"jobs.create","status":500},{"colour":"red"}]', 'fault rule [1]: unknown field "colour"'],
  ])('refuses fault rules %j, adding none of them', async (body, error) => {
    const [status, answer] = await control('/faults', body);
    expect(status).toBe(400);
    expect(answer.error).toMatch(error);
    expect((await createExperiment('not-faulted')).status).toBe(200);
  });

  it.each([
    ['[]', 'setRunOutcome needs an object {runNamePattern, outcome}'],
    ['{"runNamePattern":".*","outcome":"Skipped"}', 'setRunOutcome: outcome must be "Succeeded" or "Failed", got "Skipped"'],
    ['{"runNamePattern":".*","outcome":"Failed","after":3}', 'setRunOutcome: unknown field "after" (fields: runNamePattern, outcome)'],
    ['{"outcome":"Failed"}', 'setRunOutcome: runNamePattern must be a string (a regular expression)'],
  ])('refuses the run outcome %s', async (body, error) => {
    expect(await control('/run-outcome', body)).toEqual([400, { error }]);
  });

  /** Resolves once the emulator has recorded a request of `kind` (the delays below are wall-clock sleeps). */
  const recorded = async (kind: string) => {
    for (let i = 0; i < 500 && !emulator.requests().some((r) => r.kind === kind); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    return emulator.requests().find((r) => r.kind === kind);
  };
  const createJobGivingUp = (abort: AbortController) =>
    fetch(`${emulator.url}${API}/jobs`, {
      method: 'POST',
      signal: abort.signal,
      body: JSON.stringify({ name: 'late', max_concurrency: 1, pipeline_spec: { workflow_manifest: WORKFLOW_JSON } }),
    });

  it('"delay, then commit" (latencyMs): the create is carried out after the client has given up', async () => {
    emulator.injectFaults([{ kind: 'jobs.create', latencyMs: 1000, times: 1 }]);
    const abort = new AbortController();
    const gaveUp = expect(createJobGivingUp(abort)).rejects.toThrow(/abort/i);
    setTimeout(() => abort.abort(), 100);
    await gaveUp;
    expect(emulator.dump().jobs).toEqual([]);
    expect(await recorded('jobs.create')).toMatchObject({ status: 200 });
    expect(emulator.dump().jobs.map((j) => j.name)).toEqual(['late']);
  });

  it('"commit, then delay the answer" (replyDelayMs): the create exists before the client gets any answer', async () => {
    emulator.injectFaults([{ kind: 'jobs.create', replyDelayMs: 60_000, times: 1 }]);
    const abort = new AbortController();
    const gaveUp = expect(createJobGivingUp(abort)).rejects.toThrow(/abort/i);
    expect(await recorded('jobs.create')).toMatchObject({ status: 200 });
    expect(emulator.dump().jobs.map((j) => j.name)).toEqual(['late']);
    abort.abort();
    await gaveUp;
  });

  it('answers requests with injected latency (no timing assertion: the request still completes)', async () => {
    emulator.injectFaults([{ kind: 'healthz', latencyMs: 20 }]);
    expect((await fetch(`${emulator.url}${API}/healthz`)).status).toBe(200);
  });

  it('closes open keep-alive connections on close()', async () => {
    await new Promise<void>((resolve, reject) => {
      const req = request(`${emulator.url}${API}/healthz`, { agent: undefined, headers: { connection: 'keep-alive' } }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end();
    });
    await emulator.close();
    await expect(fetch(`${emulator.url}${API}/healthz`)).rejects.toThrow();
  });
});

describe('Retry-After on an injected status', () => {
  it('answers a 429 with the Retry-After header the rule names, and none without it', async () => {
    const kfp = await startEmulator({});
    try {
      kfp.injectFaults([{ kind: 'experiments.list', status: 429, retryAfterSeconds: 2, times: 1 }, { kind: 'experiments.list', status: 429, times: 1 }]);
      const first = await fetch(`${kfp.url}/apis/v1beta1/experiments`);
      const second = await fetch(`${kfp.url}/apis/v1beta1/experiments`);
      expect([first.status, first.headers.get('retry-after')]).toEqual([429, '2']);
      expect([second.status, second.headers.get('retry-after')]).toEqual([429, null]);
      expect(() => kfp.injectFaults([{ reset: true, retryAfterSeconds: 1 }])).toThrow('retryAfterSeconds goes with an answered fault (status)');
    } finally {
      await kfp.close();
    }
  });
});
