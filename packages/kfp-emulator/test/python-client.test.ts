import { startEmulator, type RunningEmulator } from 'kfp-emulator';
import { runPythonScript } from './support/python';
import { WORKFLOW_FILE } from './support/fixtures';

// Each case starts Python and imports the KFP SDK (seconds on a busy 2-core machine).
jest.setTimeout(60_000);

describe('the real kfp==1.8.22 Python client against the emulator', () => {
  describe('single-user', () => {
    let emulator: RunningEmulator;
    beforeAll(async () => {
      emulator = await startEmulator({ clock: { pendingMs: 50, runningMs: 100 } });
    });
    afterAll(() => emulator.close());

    it('creates and finds experiments, runs a pipeline to completion and manages recurring runs', async () => {
      const out = await runPythonScript('single_user_client.py', [emulator.url, WORKFLOW_FILE]);
      expect(out).toMatchObject({
        create_again_same_id: true,
        listed_experiment_names: ['Default', 'example-pipeline-1', 'second'],
        listed_total_size: 3,
        missing_experiment_error: 'No experiment is found with name no-such-experiment.',
        finished_status: 'Succeeded',
        finished_at_set: true,
        runtime_manifest_has_message: true,
        unknown_param_status: 400,
        bad_cron_status: 400,
        cron_job: { enabled: null, cron: '0 0 9 ? * 2-6', max_concurrency: '1', status: 'STATUS_UNSPECIFIED' },
        reported_status: { cron: 'DISABLED', interval: 'ENABLED' },
        job_reference_types: ['NAMESPACE', 'EXPERIMENT'],
        scheduled_runs: ['1', '2'],
        scheduled_run_name_prefix: ['gitexamplepipeline1interv'],
        interval_job: { enabled: true, interval_second: '3600', max_concurrency: '2', no_catchup: true },
        jobs_total_size: 2,
        job_names_newest_first: ['GIT::example_pipeline_1__interval', 'GIT::example_pipeline_1__cron'],
        job_pages: 2,
        after_enable: true,
        after_disable: false,
        deleted_job_status: 404,
        remaining_jobs: ['GIT::example_pipeline_1__cron'],
      });
      expect(out.get_by_name_id).toBe((out.created_experiment as { id: string }).id);
      expect(out.run).toMatchObject({
        name: 'MANUAL::example_pipeline_1__2024-01-01T00-00-00Z',
        status: 'Pending',
        parameters: [['custom_message', 'Hello world!']],
        service_account: 'pipeline-runner',
      });
      // The SDK's wait loop really polled: more than one GET of the run.
      const polls = emulator.requests().filter((r) => r.kind === 'runs.get');
      expect(polls.length).toBeGreaterThan(1);
      expect(emulator.requests().filter((r) => r.kind === 'jobs.list' && r.query.includes('page_token=ey')).length).toBe(1);
    });
  });

  describe('multi-user', () => {
    let emulator: RunningEmulator;
    beforeAll(async () => {
      emulator = await startEmulator({
        clock: 'manual',
        multiUser: {
          users: [
            { name: 'user1@example.com', password: 'user1', tokens: ['user1-token'], cookies: ['authservice_session=s3cr3t'], namespaces: ['team-1'] },
          ],
        },
      });
    });
    afterAll(() => emulator.close());

    it('authenticates with existing_token and with a cookie string', async () => {
      const out = await runPythonScript('multi_user_client.py', [emulator.url, 'user1-token', 'authservice_session=s3cr3t', 'team-1', WORKFLOW_FILE]);
      expect(out).toMatchObject({
        token_experiment_refs: [['NAMESPACE', 'team-1', 'OWNER']],
        token_list: ['token-exp'],
        token_get_by_name: true,
        token_forbidden_status: 403,
        token_missing_namespace_status: 400,
        run_service_account: 'default-editor',
        job_service_account: 'default-editor',
        jobs_in_namespace: ['mu-job'],
        cookie_list: ['token-exp'],
        anonymous_status: 401,
        bad_token_status: 401,
      });
      expect((out.run_refs as string[][]).map((r) => r[0])).toEqual(['EXPERIMENT', 'NAMESPACE']);
    });

    it.each(['local', 'ldap'])('logs in through Dex (%s connector) as the reference client does', async (connector) => {
      const out = await runPythonScript('dex_login.py', [`${emulator.url}/pipeline`, 'user1@example.com', 'user1', connector, 'team-1']);
      expect(out).toMatchObject({
        login_ok: true,
        cookie_names: ['oauth2_proxy_kubeflow'],
        list_ok: true,
        created_experiment_namespace: ['team-1'],
        healthz_multi_user: true,
        other_namespace_status: 403,
      });
      expect(out.visited_paths).toEqual([
        '/pipeline',
        '/dex/auth',
        `/dex/auth/${connector}/login`,
        `/dex/auth/${connector}/login`,
        '/dex/approval',
        '/oauth2/callback',
        '/pipeline',
      ]);
    });

    it('reports wrong Dex credentials the way the reference client detects them', async () => {
      const out = await runPythonScript('dex_login.py', [`${emulator.url}/pipeline`, 'user1@example.com', 'wrong', 'local', 'team-1']);
      expect(out.login_ok).toBe(false);
      expect(out.login_error).toMatch(/^Login credentials are probably invalid - No redirect after POST to: /);
    });
  });
});
