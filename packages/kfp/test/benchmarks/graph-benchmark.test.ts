import { runBenchmark } from './support';

// npm run bench:graph at a tiny size, so the script cannot rot: it must build
// both workspaces, find their graphs equal and print its table. Timings are never asserted.
jest.setTimeout(180_000);

test('bench:graph compares the plugin with hand-written project.json files on the same graph and prints one table', async () => {
  const run = await runBenchmark('graph-benchmark.mjs', ['--pipelines', '3', '--teams', '2', '--runs-per-team', '2', '--repeat', '1']);
  expect(run.rows[0]).toEqual(['5 projects', 'plugin', 'project.json', 'ratio', 'goal', 'met']);
  expect(run.rows.slice(2).map((cells) => cells[0])).toEqual([
    'nx show projects, cold',
    'nx show projects, warm',
    'nx graph --file, cold',
    'nx graph --file, warm',
    'kfp-reconcile start-up (spawn to first request), cold',
    'kfp-reconcile start-up (spawn to first request), warm',
  ]);
  for (const cells of run.rows.slice(2, 6)) expect(cells[3]).toMatch(/^\d+\.\d\dx$/);
  expect(run.stdout).toContain('Same projects, targets and edges in both workspaces: yes');
  expect(run.report).toMatchObject({ benchmark: 'graph', sameGraph: true, sizes: { projects: 5 } });
});
