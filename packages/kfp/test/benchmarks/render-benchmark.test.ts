import { runBenchmark } from './support';

// npm run bench:render at a tiny size, so the script cannot rot: every way must
// render its pipelines and the ratios against the goals must be printed. Timings are never asserted.
jest.setTimeout(300_000);

test('bench:render measures the import-once limit, the engine and Nx for both SDKs and prints the ratios against the goals', async () => {
  const run = await runBenchmark('render-benchmark.mjs', ['--pipelines', '2', '--repeat', '1', '--skip-per-process']);
  const ways = run.rows.filter((cells) => cells.length === 5).slice(2);
  expect(ways.map((cells) => `${cells[1]} ${cells[0]}`)).toEqual([
    'v1 import-once limit (one process, each pipeline compiled once)',
    'v1 engine: batched (warm fork-server)',
    'v2 import-once limit (one process, each pipeline compiled once)',
    'v2 engine: batched (warm fork-server)',
    'v1 `nx run-many --batch=false`',
    'v1 `nx run-many` (batched executor, the default)',
    "v1 `nx run-many`, every task from Nx's cache (Nx's own cost)",
    'v2 `nx run-many --batch=false`',
    'v2 `nx run-many` (batched executor, the default)',
    "v2 `nx run-many`, every task from Nx's cache (Nx's own cost)",
    'v1 + v2 `nx run-many` (batched executor, one server per SDK)',
  ]);
  const ratios = run.rows.filter((cells) => cells.length === 4).slice(2);
  expect(ratios.map((cells) => [cells[0], cells[2]])).toEqual([
    ['v1 engine: batched / import-once limit', '≤ 1.5x'],
    ['v1 nx: --batch=false / batched', '≥ 5x'],
    ['v1 nx: batched / engine batched', '≤ 1.3x'],
    ['v2 engine: batched / import-once limit', '≤ 1.5x'],
    ['v2 nx: --batch=false / batched', '≥ 5x'],
    ['v2 nx: batched / engine batched', '≤ 1.3x'],
  ]);
  for (const cells of ratios) expect(cells[1]).toMatch(/^\d+\.\d\dx$/);
  expect(run.stdout).toMatch(/\d+ CPUs; load average \(1, 5, 15 min\) [\d.]+, [\d.]+, [\d.]+ before/);
  expect(run.report).toMatchObject({ benchmark: 'render', sizes: { pipelinesPerSdk: 2, sdks: ['v1', 'v2'] } });
});
