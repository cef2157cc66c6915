import { startEmulator } from 'kfp-emulator';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJson } from './support/checked-api';
import { experimentRef, WORKFLOW_JSON } from './support/fixtures';

const API = '/apis/v1beta1';

describe('state file persistence', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kfp-emulator-state-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps experiments, jobs and run progress across a restart', async () => {
    const stateFile = join(dir, 'nested', 'state.json');
    const first = await startEmulator({ stateFile, clock: { pendingMs: 0, runningMs: 0 } });
    const post = (path: string, body: unknown) =>
      fetch(first.url + path, { method: 'POST', body: JSON.stringify(body) }).then(readJson);
    first.advance(1000); // a second after the Default experiment, so lists order them by created_at
    const experiment = await post(`${API}/experiments`, { name: 'kept' });
    const job = await post(`${API}/jobs`, {
      name: 'nightly', max_concurrency: 1, enabled: true, trigger: { cron_schedule: { cron: '0 0 2 * * *' } },
      pipeline_spec: { workflow_manifest: WORKFLOW_JSON }, resource_references: [experimentRef(experiment.id)],
    });
    const run = await post(`${API}/runs`, { name: 'r', pipeline_spec: { workflow_manifest: WORKFLOW_JSON } });
    first.advance(1000); // the persistence agent reports the job's status
    const reported = await fetch(`${first.url}${API}/jobs/${job.id}`).then(readJson);
    expect(reported.status).toBe('ENABLED');
    await first.close();
    expect(JSON.parse(readFileSync(stateFile, 'utf8')).jobs[0].name).toBe('nightly');

    const second = await startEmulator({ stateFile, clock: { pendingMs: 0, runningMs: 0 } });
    try {
      const get = (path: string) => fetch(second.url + path).then(readJson);
      expect((await get(`${API}/experiments/${experiment.id}`)).name).toBe('kept');
      expect(await get(`${API}/jobs/${job.id}`)).toEqual(reported);
      expect((await get(`${API}/runs/${run.run.id}`)).run.status).toBe('Succeeded');
      const experiments = await get(`${API}/experiments`);
      expect(experiments.experiments.map((e: { name: string }) => e.name)).toEqual(['Default', 'kept']);
      // New objects continue the creation sequence (no id or order clash with restored ones).
      await fetch(`${second.url}${API}/experiments`, { method: 'POST', body: JSON.stringify({ name: 'later' }) });
      const seqs = second.dump().experiments.map((e) => e.seq);
      expect(new Set(seqs).size).toBe(seqs.length);
    } finally {
      await second.close();
    }
  });

  it('refuses a state file that is not an emulator state, naming the file', async () => {
    const stateFile = join(dir, 'state.json');
    writeFileSync(stateFile, '{"hello": 1}');
    await expect(startEmulator({ stateFile })).rejects.toThrow(`state file ${stateFile} is not an emulator state`);
    writeFileSync(stateFile, '{');
    await expect(startEmulator({ stateFile })).rejects.toThrow(`state file ${stateFile} is not valid JSON`);
  });
});
