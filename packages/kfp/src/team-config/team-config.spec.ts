import { loadTempTeam, ONE_EXPERIMENT, recurringRuns } from './__fixtures__/temp-team';

const RR = 'teams/team-a/recurring_runs.yaml';

async function loadRuns(parts: Parameters<typeof recurringRuns>[0], extraFiles: Record<string, string> = {}) {
  return loadTempTeam({ 'experiments.yaml': ONE_EXPERIMENT, 'recurring_runs.yaml': recurringRuns(parts), ...extraFiles });
}

async function onlyRun(parts: Parameters<typeof recurringRuns>[0], extraFiles: Record<string, string> = {}) {
  const result = await loadRuns(parts, extraFiles);
  expect(result.lines).toEqual([]);
  const run = result.config?.recurringRuns[0];
  if (!run) throw new Error('expected one recurring run');
  return run;
}

describe('pipeline_source forms', () => {
  it('workspace project, with and without a variant', async () => {
    expect((await onlyRun({})).pipelineSource).toEqual({ kind: 'project', project: 'pipe' });
    expect((await onlyRun({ source: '    pipeline_source: {project: pipe, variant: prod}\n' })).pipelineSource).toEqual({
      kind: 'project',
      project: 'pipe',
      variant: 'prod',
    });
  });

  it('workspace path', async () => {
    const run = await onlyRun({ source: '    pipeline_source:\n      file_path: pipelines/a/RENDERED_PIPELINE\n' });
    expect(run.pipelineSource).toEqual({ kind: 'workspace', path: 'pipelines/a/RENDERED_PIPELINE' });
  });

  it('generic git', async () => {
    const run = await onlyRun({ source: '    pipeline_source: {url: "https://git.example.com/ml.git", ref: main, path: p/RENDERED_PIPELINE}\n' });
    expect(run.pipelineSource).toEqual({ kind: 'git', url: 'https://git.example.com/ml.git', ref: 'main', path: 'p/RENDERED_PIPELINE' });
  });

  it('GitHub, taking github_api_url from kfp-team.yaml unless the entry sets its own', async () => {
    const settings = { 'kfp-team.yaml': 'github_api_url: https://ghe.example.com/api/v3\n' };
    const source = '    pipeline_source: {github_owner: o, github_repo: r, git_reference: v1, file_path: w/workflow.yaml}\n';
    expect((await onlyRun({ source }, settings)).pipelineSource).toEqual({
      kind: 'github',
      owner: 'o',
      repo: 'r',
      ref: 'v1',
      path: 'w/workflow.yaml',
      apiUrl: 'https://ghe.example.com/api/v3',
    });
    const own = '    pipeline_source: {github_owner: o, github_repo: r, git_reference: v1, file_path: w/workflow.yaml, github_api_url: "https://other.example.com/api/v3"}\n';
    expect((await onlyRun({ source: own }, settings)).pipelineSource).toMatchObject({ apiUrl: 'https://other.example.com/api/v3' });
  });

  it('reports the mistakes of the form the keys point at', async () => {
    const github = await loadRuns({ source: '    pipeline_source:\n      github_owner: o\n      file_path: w/workflow.yml\n' });
    expect(github.lines).toEqual([
      `${RR}:3:5 error recurring_runs[0].pipeline_source.git_reference: missing required key "git_reference"`,
      `${RR}:3:5 error recurring_runs[0].pipeline_source.github_repo: missing required key "github_repo"`,
      `${RR}:5:7 error recurring_runs[0].pipeline_source.file_path: must end in .yaml (the rendered workflow.yaml)`,
    ]);
    const project = await loadRuns({ source: '    pipeline_source:\n      project: pipe\n      variants: prod\n' });
    expect(project.lines).toEqual([`${RR}:5:7 error recurring_runs[0].pipeline_source.variants: unknown key "variants"; did you mean "variant"?`]);
  });

  it('rejects a mapping that mixes forms, or matches none', async () => {
    const mixed = await loadRuns({ source: '    pipeline_source:\n      project: pipe\n      url: x\n' });
    expect(mixed.lines).toEqual([
      `${RR}:3:5 error recurring_runs[0].pipeline_source: mixes keys of different forms: project (project) and url (git); use exactly one form: GitHub {github_owner, github_repo, git_reference, file_path}, project {project, variant?}, git {url, ref, path}, workspace path {file_path}`,
    ]);
    const none = await loadRuns({ source: '    pipeline_source: {}\n' });
    expect(none.lines).toEqual([
      `${RR}:3:5 error recurring_runs[0].pipeline_source: must use one of these forms: GitHub {github_owner, github_repo, git_reference, file_path}, project {project, variant?}, git {url, ref, path}, workspace path {file_path}`,
    ]);
  });

  it('rejects paths that leave the repository or workspace', async () => {
    const result = await loadRuns({ source: '    pipeline_source: {file_path: ../elsewhere/workflow.yaml}\n' });
    expect(result.lines).toEqual([
      `${RR}:3:23 error recurring_runs[0].pipeline_source.file_path: must be a relative path inside the workspace (no leading "/" and no ".." segments)`,
    ]);
  });
});

describe('pipeline_parameters', () => {
  const params = (text: string) => `    pipeline_parameters:\n${text}`;

  it('inherits a bare valueFrom.file_path from a GitHub source, key by key', async () => {
    const source = '    pipeline_source: {github_owner: o, github_repo: r, git_reference: main, file_path: p/RENDERED_PIPELINE/workflow.yaml}\n';
    const run = await onlyRun({
      source,
      params: params('      - {name: a, valueFrom: {file_path: p/RENDERED_PIPELINE/params/a}}\n      - {name: b, valueFrom: {file_path: q/b, git_reference: v2}}\n'),
    });
    expect(run.parameters).toEqual([
      { name: 'a', valueFrom: { kind: 'github', owner: 'o', repo: 'r', ref: 'main', path: 'p/RENDERED_PIPELINE/params/a' } },
      { name: 'b', valueFrom: { kind: 'github', owner: 'o', repo: 'r', ref: 'v2', path: 'q/b' } },
    ]);
  });

  it('inherits a bare file_path from git (url and ref) and from workspace sources (workspace path)', async () => {
    const git = await onlyRun({
      source: '    pipeline_source: {url: /srv/repo.git, ref: main, path: p}\n',
      params: params('      - {name: a, valueFrom: {file_path: p/params/a}}\n'),
    });
    expect(git.parameters).toEqual([{ name: 'a', valueFrom: { kind: 'git', url: '/srv/repo.git', ref: 'main', path: 'p/params/a' } }]);
    const project = await onlyRun({ params: params('      - {name: a, valueFrom: {file_path: shared/a.txt}}\n') });
    expect(project.parameters).toEqual([{ name: 'a', valueFrom: { kind: 'workspace', path: 'shared/a.txt' } }]);
  });

  it('names its own source: a project param file, git, or another GitHub repository', async () => {
    const run = await onlyRun({
      params: params(
        '      - {name: a, valueFrom: {project: other, variant: prod, param: a}}\n' +
          '      - {name: b, valueFrom: {url: "file:///srv/r", ref: v1, path: b.txt}}\n' +
          '      - {name: c, valueFrom: {github_owner: o, github_repo: r, git_reference: main, file_path: c}}\n' +
          '      - {name: d, value: ""}\n',
      ),
    });
    expect(run.parameters).toEqual([
      { name: 'a', valueFrom: { kind: 'project-param', project: 'other', variant: 'prod', param: 'a' } },
      { name: 'b', valueFrom: { kind: 'git', url: 'file:///srv/r', ref: 'v1', path: 'b.txt' } },
      { name: 'c', valueFrom: { kind: 'github', owner: 'o', repo: 'r', ref: 'main', path: 'c' } },
      { name: 'd', value: '' },
    ]);
  });

  it('says which GitHub keys cannot be inherited from a non-GitHub source', async () => {
    const result = await loadRuns({ params: params('      - name: a\n        valueFrom: {file_path: a, git_reference: v2}\n') });
    expect(result.lines).toEqual([
      `${RR}:7:9 error recurring_runs[0].pipeline_parameters[0].valueFrom: github_owner and github_repo must be set here: pipeline_source is a project source, so there is no GitHub repository to inherit from`,
    ]);
  });

  it('takes YAML values as written, keeping their source text (text or not is decided by the pipeline\'s SDK, in validate)', async () => {
    const result = await loadRuns({ params: params('      - name: a\n        value: 0777\n      - name: b\n        value: yes\n      - name: c\n        value: True\n      - name: d\n        value: [1, 2]\n') });
    expect(result.lines).toEqual([]);
    expect(result.config?.recurringRuns[0]?.parameters).toEqual([
      { name: 'a', value: 777, sourceText: '0777' },
      { name: 'b', value: 'yes' },
      { name: 'c', value: true, sourceText: 'True' },
      { name: 'd', value: [1, 2] },
    ]);
  });

  it('requires exactly one of value and valueFrom, and unique names', async () => {
    const result = await loadRuns({
      params: params('      - name: a\n        value: x\n        valueFrom: {file_path: y}\n      - name: b\n      - name: b\n        value: z\n'),
    });
    expect(result.lines).toEqual([
      `${RR}:6:9 error recurring_runs[0].pipeline_parameters[0]: set only one of \`value\` OR \`valueFrom\``,
      `${RR}:9:9 error recurring_runs[0].pipeline_parameters[1]: you must specify \`value\` OR \`valueFrom\``,
      `${RR}:10:9 error recurring_runs[0].pipeline_parameters[2].name: duplicate parameter "b": also set by pipeline_parameters[1]`,
    ]);
  });
});

describe('keep_history', () => {
  it('defaults to 5 and accepts 0 (keep no older version) and -1 (keep all)', async () => {
    expect((await onlyRun({})).keepHistory).toBe(5);
    expect((await onlyRun({ extra: '    keep_history: 0\n' })).keepHistory).toBe(0);
    expect((await onlyRun({ extra: '    keep_history: -1\n' })).keepHistory).toBe(-1);
  });

  it('rejects values below -1 and fractions', async () => {
    expect((await loadRuns({ extra: '    keep_history: -2\n' })).lines).toEqual([
      `${RR}:5:5 error recurring_runs[0].keep_history: must be -1 (keep every version) or the number of older versions to keep, 0 or more (got -2)`,
    ]);
    expect((await loadRuns({ extra: '    keep_history: 1.5\n' })).lines).toEqual([`${RR}:5:5 error recurring_runs[0].keep_history: must be a whole number, got the number 1.5`]);
  });
});

describe('trigger dates', () => {
  const trigger = (dates: string) => ({ trigger: `        catchup: true\n        interval_seconds: 3600\n${dates}` });

  it('accepts unquoted YAML timestamps, quoted strings, dates alone and any offset, normalised to UTC seconds', async () => {
    const run = await onlyRun(trigger('        start_date: 2024-03-01 10:00:00 +02:00\n        end_date: "2025-01-01"\n'));
    expect([run.trigger, run.catchup]).toEqual([{ schedule: { kind: 'interval', seconds: 3600 }, startTime: '2024-03-01T08:00:00Z', endTime: '2025-01-01T00:00:00Z' }, true]);
    const tagged = await onlyRun(trigger('        start_date: !!timestamp 2024-03-01T10:00:00Z\n        end_date: ~\n'));
    expect([tagged.trigger.startTime, tagged.trigger.endTime]).toEqual(['2024-03-01T10:00:00Z', null]);
  });

  it('truncates fractional seconds with a warning, and keeps the config', async () => {
    const result = await loadRuns(trigger('        start_date: 2024-03-01T10:00:00.250Z\n'));
    expect(result.lines).toEqual([
      `${RR}:13:9 warning recurring_runs[0].job.trigger.start_date: the fractional seconds .250 are dropped: the KFP server stores whole seconds, so this is 2024-03-01T10:00:00Z`,
    ]);
    expect(result.config?.recurringRuns[0]?.trigger.startTime).toBe('2024-03-01T10:00:00Z');
  });

  it('rejects impossible dates, numbers, and an end before the start', async () => {
    const result = await loadRuns(trigger('        start_date: 2024-02-30\n        end_date: 20240101\n'));
    expect(result.lines).toEqual([
      `${RR}:13:9 error recurring_runs[0].job.trigger.start_date: day 30 does not exist in 2024-02 (got "2024-02-30")`,
      `${RR}:14:9 error recurring_runs[0].job.trigger.end_date: must be a date or a date and time, such as 2024-01-01, 2024-01-01T09:00:00Z or 2024-01-01 09:00:00 +02:00 (got 20240101)`,
    ]);
    const reversed = await loadRuns(trigger('        start_date: 2024-06-01\n        end_date: 2024-05-31T23:59:59+01:00\n'));
    expect(reversed.lines).toEqual([
      `${RR}:14:9 error recurring_runs[0].job.trigger.end_date: end_date (2024-05-31T22:59:59Z) must be after start_date (2024-06-01T00:00:00Z)`,
    ]);
  });
});

describe('trigger schedule', () => {
  it('accepts a null cron beside an interval, as the reference does', async () => {
    const run = await onlyRun({ trigger: '        catchup: false\n        cron: ~\n        interval_seconds: 60\n' });
    expect(run.trigger.schedule).toEqual({ kind: 'interval', seconds: 60 });
  });

  it('accepts real robfig cron and descriptors the reference pattern rejected', async () => {
    for (const cron of ['0 30 9 * * 1-5', '0 */5 * * * *', '@every 1h30m']) {
      const run = await onlyRun({ trigger: `        catchup: false\n        cron: "${cron}"\n` });
      expect(run.trigger.schedule).toEqual({ kind: 'cron', expression: cron });
    }
  });

  it('warns about a 5-field cron but keeps the config', async () => {
    const result = await loadRuns({ trigger: '        catchup: false\n        cron: "0 0 * * *"\n' });
    expect(result.lines).toEqual([
      `${RR}:12:9 warning recurring_runs[0].job.trigger.cron: KFP reads a 5-field cron as "second minute hour day-of-month month" (the first field is seconds, there is no day-of-week), so "0 0 * * *" does not mean what it means in unix cron; for the unix meaning "minute hour day-of-month month day-of-week" write the 6-field "0 0 0 * * *"`,
    ]);
    expect(result.config?.recurringRuns[0]?.trigger.schedule).toEqual({ kind: 'cron', expression: '0 0 * * *' });
  });

  it('requires exactly one of cron and interval_seconds, and checks both', async () => {
    expect((await loadRuns({ trigger: '        catchup: false\n        cron: "0 0 0 * * *"\n        interval_seconds: 60\n' })).lines).toEqual([
      `${RR}:13:9 error recurring_runs[0].job.trigger.interval_seconds: set only one of \`cron\` OR \`interval_seconds\``,
    ]);
    expect((await loadRuns({ trigger: '        catchup: false\n' })).lines).toEqual([
      `${RR}:10:7 error recurring_runs[0].job.trigger: you must specify \`cron\` OR \`interval_seconds\``,
    ]);
    expect((await loadRuns({ trigger: '        catchup: false\n        cron: "0 0 25 * * *"\n' })).lines).toEqual([
      `${RR}:12:9 error recurring_runs[0].job.trigger.cron: invalid cron expression: hour field "25": 25 is above the maximum 23`,
    ]);
    expect((await loadRuns({ trigger: '        catchup: false\n        interval_seconds: 0\n' })).lines).toEqual([
      `${RR}:12:9 error recurring_runs[0].job.trigger.interval_seconds: must be a whole number of seconds, at least 1 (got 0)`,
    ]);
  });
});

describe('job checks', () => {
  const job = (lines: string) => ({ job: `${lines}      trigger:\n        catchup: false\n        cron: "@daily"\n` });

  it('keeps max_concurrency within 1..10', async () => {
    for (const value of [0, 11]) {
      const result = await loadRuns(job(`      enabled: true\n      name: j\n      experiment: exp\n      max_concurrency: ${value}\n`));
      expect(result.lines).toEqual([`${RR}:9:7 error recurring_runs[0].job.max_concurrency: must be between 1 and 10 (got ${value})`]);
    }
  });

  it('rejects job names that do not fit the version name GIT::<name>__<timestamp>', async () => {
    const long = 'x'.repeat(229);
    const result = await loadRuns(job(`      enabled: true\n      name: ${long}\n      experiment: exp\n      max_concurrency: 1\n`));
    expect(result.lines).toEqual([
      `${RR}:7:7 error recurring_runs[0].job.name: must be at most 228 characters, so that the version name GIT::<name>__<timestamp> fits the KFP server's 255 characters`,
    ]);
    const newline = await loadRuns(job('      enabled: true\n      name: "a\\nb"\n      experiment: exp\n      max_concurrency: 1\n'));
    expect(newline.lines).toEqual([
      `${RR}:7:7 error recurring_runs[0].job.name: must not contain line breaks or other control characters (versions are named GIT::<name>__<timestamp>)`,
    ]);
  });

  it('reports duplicate job names and undeclared experiments together', async () => {
    const entry = (name: string, experiment: string) =>
      `  - pipeline_source: {project: p}\n    job:\n      enabled: false\n      name: ${name}\n      experiment: ${experiment}\n      max_concurrency: 1\n      trigger: {catchup: false, cron: "@daily"}\n`;
    const result = await loadTempTeam({
      'experiments.yaml': 'experiments:\n  - name: exp\n  - name: other\n',
      'recurring_runs.yaml': `recurring_runs:\n${entry('a', 'exp')}${entry('a', 'missing')}`,
    });
    expect(result.lines).toEqual([
      `${RR}:12:7 error recurring_runs[1].job.name: duplicate job name "a": also used by recurring_runs[0] (line 2)`,
      `${RR}:13:7 error recurring_runs[1].job.experiment: experiment "missing" is not declared in experiments.yaml (it declares "exp", "other")`,
    ]);
    expect(result.config).toBeUndefined();
  });

  it('maps the remaining job keys into the model', async () => {
    const run = await onlyRun(
      job('      enabled: false\n      name: j\n      description: nightly\n      experiment: exp\n      max_concurrency: 3\n      service_account: runner\n'),
    );
    expect(run).toMatchObject({ name: 'j', enabled: false, description: 'nightly', experiment: 'exp', maxConcurrency: 3, serviceAccount: 'runner', trigger: { schedule: { kind: 'cron', expression: '@daily' } } });
  });
});

describe('team folder and kfp-team.yaml', () => {
  it('defaults the namespace to the folder name and the service account to default-editor', async () => {
    const result = await loadTempTeam({ 'experiments.yaml': ONE_EXPERIMENT });
    expect(result.lines).toEqual([]);
    expect(result.config).toMatchObject({ namespace: 'team-a', recurringRuns: [], settings: { defaultServiceAccount: 'default-editor', file: null } });
  });

  it('reads namespace, service account and environments, resolving files against the team folder', async () => {
    const result = await loadTempTeam({
      'experiments.yaml': ONE_EXPERIMENT,
      'kfp-team.yaml':
        'namespace: ml-team\ndefault_service_account: pipeline-runner\ndefault_environment: prod\nenvironments:\n' +
        '  prod:\n    host: https://kf.example.com/pipeline\n    auth: {method: token-file, token_path: secrets/token}\n    ca_file: /etc/ca.pem\n' +
        '  dev:\n    host: http://127.0.0.1:8888\n    namespace: ml-dev\n    auth: {method: dex, dex_connector: ldap}\n    skip_tls_verify: true\n',
    });
    expect(result.lines).toEqual([]);
    const settings = result.config?.settings;
    expect(result.config?.namespace).toBe('ml-team');
    expect(settings).toEqual({
      file: 'teams/team-a/kfp-team.yaml',
      namespace: 'ml-team',
      defaultServiceAccount: 'pipeline-runner',
      githubApiUrl: null,
      defaultEnvironment: 'prod',
      environments: {
        prod: {
          name: 'prod',
          host: 'https://kf.example.com/pipeline',
          namespace: 'ml-team',
          uiUrl: null,
          auth: { method: 'token-file', tokenPath: `${result.workspace}/teams/team-a/secrets/token`, dexConnector: 'local' },
          caFile: '/etc/ca.pem',
          skipTlsVerify: false,
        },
        dev: {
          name: 'dev',
          host: 'http://127.0.0.1:8888',
          namespace: 'ml-dev',
          uiUrl: null,
          auth: { method: 'dex', tokenPath: null, dexConnector: 'ldap' },
          caFile: null,
          skipTlsVerify: true,
        },
      },
    });
  });

  it('rejects secrets without echoing them, and points at the environment variables', async () => {
    const result = await loadTempTeam({
      'experiments.yaml': ONE_EXPERIMENT,
      'kfp-team.yaml': 'environments:\n  prod:\n    host: https://kf.example.com\n    auth:\n      method: token\n      token: s3cr3t-value\ndex_password: hunter2\n',
    });
    const advice =
      'looks like a secret, and kfp-team.yaml is committed to git: remove it and pass credentials through the environment instead: KFP_TOKEN (bearer token), KFP_COOKIE (session cookie) or DEX_USERNAME and DEX_PASSWORD (Dex login); a token file can be named with auth.token_path';
    expect(result.lines).toEqual([
      `teams/team-a/kfp-team.yaml:6:7 error environments.prod.auth.token: "token" ${advice}`,
      `teams/team-a/kfp-team.yaml:7:1 error dex_password: "dex_password" ${advice}`,
    ]);
    expect(result.lines.join('\n')).not.toMatch(/s3cr3t|hunter2/);
  });

  it('checks environment references and auth options', async () => {
    const result = await loadTempTeam({
      'experiments.yaml': ONE_EXPERIMENT,
      'kfp-team.yaml': 'default_environment: dev\nenvironments:\n  prod:\n    host: kf.example.com\n    auth: {method: token-file}\n',
    });
    expect(result.lines).toEqual([
      'teams/team-a/kfp-team.yaml:1:1 error default_environment: default_environment "dev" is not one of the environments (prod)',
      'teams/team-a/kfp-team.yaml:4:5 error environments.prod.host: must be an http:// or https:// URL',
      'teams/team-a/kfp-team.yaml:5:5 error environments.prod.auth.token_path: method token-file needs token_path',
    ]);
  });

  it('explains a folder name that is not a namespace', async () => {
    const result = await loadTempTeam({ 'experiments.yaml': ONE_EXPERIMENT }, 'Team_A');
    expect(result.lines).toEqual([
      'teams/Team_A:1:1 error the folder name "Team_A" is not a valid Kubernetes namespace (lower-case letters, digits and "-", at most 63 characters); set namespace in kfp-team.yaml',
    ]);
  });

  it('needs at least one team file and warns about .yml names', async () => {
    const result = await loadTempTeam({ 'experiments.yml': ONE_EXPERIMENT });
    expect(result.lines).toEqual([
      'teams/team-a:1:1 error a team folder needs experiments.yaml and/or recurring_runs.yaml; found neither',
      'teams/team-a/experiments.yml:1:1 warning this file is ignored: it must be named experiments.yaml',
    ]);
  });

  it('loads files that start with the yaml-language-server header the generators write', async () => {
    const header = '# yaml-language-server: $schema=../../node_modules/kfp/schemas/experiments.schema.json\n';
    const result = await loadTempTeam({ 'experiments.yaml': `${header}${ONE_EXPERIMENT}` });
    expect(result.lines).toEqual([]);
    expect(result.config?.experiments).toEqual([{ name: 'exp', description: '' }]);
  });

  it('reports YAML syntax errors and duplicate keys with their position', async () => {
    const result = await loadTempTeam({ 'experiments.yaml': 'experiments:\n  - name: a\n    name: b\n' });
    expect(result.lines).toEqual(['teams/team-a/experiments.yaml:3:5 error experiments[0].name: invalid YAML: the key "name" appears twice in this mapping']);
  });
});
