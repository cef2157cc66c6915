import type { RunDetail } from '../kfp-client/model';
import { isSuccess, isTerminal, RunWaitTimeout, waitForRun } from './wait-for-run';
import { v2Status } from './run-pipeline';

const run = (status?: string): RunDetail => ({ id: 'r', name: 'n', description: '', storageState: 'available', parameters: {}, status });

function clock() {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms) };
}

test('terminal and successful states as the v1 SDK sees them', () => {
  expect(['Succeeded', 'failed', 'SKIPPED', 'Error'].map(isTerminal)).toEqual([true, true, true, true]);
  expect(['Pending', 'Running', 'Terminating', undefined].map(isTerminal)).toEqual([false, false, false, false]);
  expect(['Succeeded', 'Skipped', 'Failed', 'Error'].map(isSuccess)).toEqual([true, true, false, false]);
});

test('polls until terminal and reports each status change once, with elapsed time', async () => {
  const statuses = [undefined, 'Pending', 'Running', 'Running', 'Succeeded'];
  const seen: Array<[string, number]> = [];
  const c = clock();
  const final = await waitForRun({ pollIntervalMs: 1000, timeoutMs: 60_000, getRun: async () => run(statuses.shift()), onStatus: (s, e) => seen.push([s, e]), ...c });
  expect(final.status).toBe('Succeeded');
  expect(seen).toEqual([['Pending', 0], ['Running', 2000], ['Succeeded', 4000]]);
});

test('gives up after the timeout', async () => {
  await expect(waitForRun({ pollIntervalMs: 1000, timeoutMs: 3000, getRun: async () => run('Running'), onStatus: () => undefined, ...clock() })).rejects.toThrow(RunWaitTimeout);
});

test('v2 runtime states read as v1 statuses: CANCELED ends the wait, without success', () => {
  expect(['SUCCEEDED', 'FAILED', 'CANCELED', 'RUNNING', 'CANCELING', 'RUNTIME_STATE_UNSPECIFIED', undefined].map(v2Status)).toEqual([
    'Succeeded',
    'Failed',
    'Canceled',
    'Running',
    'Canceling',
    undefined,
    undefined,
  ]);
  expect(isTerminal(v2Status('CANCELED'))).toBe(true);
  expect(isSuccess(v2Status('CANCELED'))).toBe(false);
  expect(isTerminal(v2Status('CANCELING'))).toBe(false);
});
