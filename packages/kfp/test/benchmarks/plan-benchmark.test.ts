import { runBenchmark } from './support';

// npm run bench:plan at a tiny size, so the script cannot rot: it must run end
// to end and print its table. Timings are never asserted (they are what it measures).
jest.setTimeout(180_000);

test('bench:plan plans, validates and applies a generated team against the emulator and prints one table', async () => {
  const run = await runBenchmark('plan-benchmark.mjs', ['--runs', '6', '--experiments', '2', '--pipelines', '2', '--changed', '3', '--concurrency', '2', '--repeat', '1']);
  expect(run.rows[0]).toEqual(['what', 'measured', 'comparison', 'goal', 'met']);
  expect(run.rows.slice(2).map((cells) => cells[0])).toEqual([
    'no-op plan of 6 runs, 0 ms per request',
    'no-op plan of 6 runs, 20 ms per request',
    'requests of the no-op plan',
    'peak RSS of the plan process',
    'validate 6 runs (offline, in process)',
    'validate 2 runs, one per pipeline',
    'apply 3 changed runs, concurrency 2, 20 ms per request',
  ]);
  for (const cells of run.rows.slice(2)) expect(cells).toHaveLength(5);
  expect(run.rows[2][2]).toMatch(/^HTTP alone \d+\.\d\d s \(\d+% of the wall\)$/);
  expect(run.rows[8][2]).toMatch(/^apply phase \d+\.\d\d s, at most \d+ writes? in flight, \d+ requests$/);
  expect(run.report).toMatchObject({
    benchmark: 'plan',
    plan: { latency0: { requests: expect.any(Number), peakRssBytes: expect.any(Number) }, latency20: { httpMs: expect.any(Number) } },
    validate: { marginalPerRunMs: expect.any(Number) },
    apply: [{ concurrency: 2, maxWritesInFlight: expect.any(Number) }],
  });
});
