import { startEmulator, type RunningEmulator } from 'kfp-emulator';
import { V2_FIXTURES } from './support/fixtures';
import { runPythonScript } from './support/python';

describe('the real kfp==2.8.0 Python client (kfp.Client, v2beta1) against the emulator', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ clock: 'manual' });
  });
  afterAll(() => emulator.close());

  it('runs and schedules pipelines the real SDK compiled: typed parameters, a platform spec, enable, disable, delete', async () => {
    const out = await runPythonScript('v2_client.py', [emulator.url, V2_FIXTURES], 'v2');
    expect(out).toEqual({
      fixtures_current: { 'typed-pipeline.yaml': true, 'kubernetes-pipeline.yaml': true },
      healthz_multi_user: false,
      experiment: { display_name: 'v2-experiment', description: 'from kfp 2.8.0', namespace: null },
      create_again_same_id: true,
      run: {
        display_name: 'typed-run',
        experiment_is_ours: true,
        state: 'PENDING',
        parameters: { tag: 'nightly', epochs: 5, learning_rate: 0.5, shuffle: false, layers: [1, 2] },
        pipeline_name: 'typed-pipeline',
        service_account: 'pipeline-runner',
      },
      finished: { state: 'SUCCEEDED', history: ['PENDING', 'RUNNING', 'SUCCEEDED'] },
      string_for_int: [400, 'input parameter epochs requires type double or integer, but the parameter value is not of number value type'],
      missing_required: [400, 'parameter tag is not optional, yet has neither default value nor user provided value'],
      interval: {
        status: 'ENABLED',
        mode: 'ENABLE',
        namespace: 'kubeflow',
        interval_second: '3600',
        max_concurrency: '1',
        spec_documents: ['pipeline_spec', 'platform_spec'],
      },
      cron: { status: 'DISABLED', cron: '0 0 9 * * *', no_catchup: true, parameters: { tag: 'cron' } },
      recurring_string_for_int: [400, 'input parameter epochs requires type double or integer, but the parameter value is not of number value type'],
      namespaced: [400, expect.stringMatching(/^Experiment [0-9a-f-]{36} belongs to namespace '' instead of 'team-1'$/)],
      listed: ['GIT::kubernetes_pipeline__2024', 'GIT::typed_pipeline__2024'],
      listed_total_size: 2,
      after_disable: 'DISABLED',
      after_enable: 'ENABLED',
      scheduled_runs: 1,
      deleted: [404, expect.stringMatching(/^Job [0-9a-f-]{36} not found$/)],
      remaining: ['GIT::kubernetes_pipeline__2024'],
    });
    // The client really polled (twice: a second later Running, two seconds later Succeeded), and every call went through v2beta1.
    const kinds = emulator.requests().map((r) => r.kind);
    expect(kinds.filter((k) => k === 'v2.runs.get').length).toBe(2);
    expect(kinds.filter((k) => !k.startsWith('v2.'))).toEqual([]);
  }, 120_000);
});
