import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { cloneFixtureWorkspace, createFixtureWorkspace, expectOk, type FixtureWorkspace } from '../support/fixture-workspace';
import { startRemoteCacheServer, type RemoteCacheServer } from '../support/remote-cache-server';

// Work shared across CI machines: render and validate in one checkout fill a
// self-hosted Nx remote cache; a second checkout at another path, with its own
// (empty) local cache and its interpreter at its own path, gets every one of
// them from the remote cache, with the very files a fresh render leaves.
jest.setTimeout(180_000);

const TOKEN = 'remote-cache-token';
const TASKS = ['example-pipeline-1:render', 'forecast-pipeline:render', 'training-pipeline:render', 'fresh-pipeline:render', 'team-1:validate'];
const RENDERED = ['projects/pipelines/example-pipeline-1', 'projects/pipelines/forecast-pipeline', 'projects/pipelines/training-pipeline', 'projects/pipelines/fresh-pipeline'];

let cache: RemoteCacheServer;
let first: FixtureWorkspace;
let second: FixtureWorkspace;

beforeAll(async () => {
  cache = await startRemoteCacheServer({ token: TOKEN });
  first = createFixtureWorkspace({ venv: true, pluginOptions: { sharedPythonPaths: ['projects/common_python'] } });
  for (const path of ['projects/pipelines', 'projects/common_python', 'projects/teams']) first.copyFromRepo(path);
  // A pipeline without a committed render: its output exists only once render has run.
  first.copyFromRepo('projects/pipelines/example-pipeline-1/pipeline.py', 'projects/pipelines/fresh-pipeline/pipeline.py');
  first.copyFromRepo('projects/pipelines/example-pipeline-1/example_component.yaml', 'projects/pipelines/fresh-pipeline/example_component.yaml');
  first.commit('pipelines and a team');
  second = cloneFixtureWorkspace(first);
});
afterAll(async () => {
  await cache?.close();
  first?.dispose();
  second?.dispose();
});

/** Runs Nx in a checkout with the remote cache and the interpreter of that checkout, named by its absolute path (as CI machines set KFP_PYTHON). */
const nxWithRemoteCache = (ws: FixtureWorkspace, args: string[]) =>
  ws.nxAsync([...args, '--output-style=static'], {
    NX_SELF_HOSTED_REMOTE_CACHE_SERVER: cache.url,
    NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: TOKEN,
    KFP_PYTHON: join(ws.root, '.venv/bin/python'),
  });

/** Every file of the rendered folders, path -> bytes. */
function renderedFiles(ws: FixtureWorkspace): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const pipeline of RENDERED) {
    for (const entry of readdirSync(join(ws.root, pipeline), { recursive: true, withFileTypes: true })) {
      const path = relative(ws.root, join(entry.parentPath, entry.name));
      if (entry.isFile() && /\/RENDERED_PIPELINE[^/]*\//.test(path)) files.set(path, readFileSync(join(ws.root, path)));
    }
  }
  return files;
}

test('a second checkout gets every render and validate from the remote cache, byte-identical to a fresh render', async () => {
  const filled = expectOk(await nxWithRemoteCache(first, ['run-many', '-t', 'render,validate']), 'render and validate in the first checkout');
  expect(filled.output).toContain('✎ fresh-pipeline: created projects/pipelines/fresh-pipeline/RENDERED_PIPELINE');
  expect(cache.requests.filter((r) => r.method === 'PUT' && r.status === 200)).toHaveLength(TASKS.length);

  const before = cache.requests.length;
  expect(second.exists('projects/pipelines/fresh-pipeline/RENDERED_PIPELINE')).toBe(false);
  const reused = expectOk(await nxWithRemoteCache(second, ['run-many', '-t', 'render,validate']), 'render and validate in the second checkout');
  for (const task of TASKS) expect(reused.output).toContain(`nx run ${task}  [remote cache]`);
  expect(reused.output).toContain(`Nx read the output from the cache instead of running the command for ${TASKS.length} out of ${TASKS.length} tasks`);
  const asked = cache.requests.slice(before);
  expect(asked.map((r) => `${r.method} ${r.status}`)).toEqual(TASKS.map(() => 'GET 200'));

  // The restored outputs are the first checkout's, byte for byte, and a fresh render finds nothing to change.
  const restored = renderedFiles(second);
  expect([...restored.keys()].sort()).toEqual([...renderedFiles(first).keys()].sort());
  for (const [path, bytes] of renderedFiles(first)) expect({ path, same: restored.get(path)?.equals(bytes) }).toEqual({ path, same: true });
  const fresh = expectOk(await second.nxAsync(['run-many', '-t', 'render', '--skip-nx-cache', '--output-style=static']), 'fresh render in the second checkout');
  expect(fresh.output).toContain('fresh-pipeline: projects/pipelines/fresh-pipeline/RENDERED_PIPELINE is up to date');
  for (const [path, bytes] of renderedFiles(second)) expect({ path, same: restored.get(path)?.equals(bytes) }).toEqual({ path, same: true });
  expect(second.status()).toBe('?? projects/pipelines/fresh-pipeline/RENDERED_PIPELINE/');
});
