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
