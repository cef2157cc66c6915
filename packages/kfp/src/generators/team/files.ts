// The team files, with a comment on every key (what the reference design's
// example does) and the editor schema line.
import { join } from 'node:path';
import { JSON_SCHEMA_FILES, PUBLISHED_SCHEMA_DIR, yamlLanguageServerHeader } from '../../json-schemas/json-schemas';
import { EXPERIMENTS_FILE, RECURRING_RUNS_FILE, TEAM_SETTINGS_FILE } from '../../team-config/layout';

export interface TeamFilesInput {
  directory: string;
  namespace: string;
  pipeline?: string;
  variant?: string;
  host?: string;
}

const header = (schemaFile: string, file: string) => yamlLanguageServerHeader(join(PUBLISHED_SCHEMA_DIR, schemaFile), file);

export function experimentsYaml(input: TeamFilesInput): string {
  const file = join(input.directory, EXPERIMENTS_FILE);
  const experiment = input.pipeline ?? 'my-experiment';
  const entries = [
    `  - ## the experiment's name (unique in the namespace)`,
    `    name: "${experiment}"`,
    `    ## shown in the KFP UI (experiments cannot be renamed or re-described later)`,
    `    description: "Runs of ${experiment}"`,
  ];
  return [
    header(JSON_SCHEMA_FILES.experiments, file),
    `# Experiments of the "${input.namespace}" namespace. Reconcile creates missing ones and unarchives`,
    '# archived ones; it never deletes an experiment.',
    'experiments:',
    ...(input.pipeline ? entries : entries.map((line) => line.replace(/^ {2}/, '  # ').replace(/^ {4}/, '  #   '))),
    ...(input.pipeline ? [] : ['  []']),
    '',
  ].join('\n');
}

export function recurringRunsYaml(input: TeamFilesInput): string {
  const file = join(input.directory, RECURRING_RUNS_FILE);
  const pipeline = input.pipeline ?? 'my-pipeline';
  const run = [
    '- ## where the rendered pipeline comes from. One of:',
    '  ##  - project (+ variant): a pipeline project of this workspace (its committed RENDERED_PIPELINE)',
    '  ##  - file_path: a workflow.yaml (or rendered folder) in this workspace',
    '  ##  - url, ref, path: any git repository',
    '  ##  - github_owner, github_repo, git_reference, file_path: GitHub (GITHUB_TOKEN for private repos)',
    '  pipeline_source:',
    `    project: "${pipeline}"`,
    ...(input.variant ? [`    variant: "${input.variant}"`] : []),
    '',
    '  ## pipeline parameters: `value`, or `valueFrom` a file (here the pipeline\'s own default)',
    '  pipeline_parameters: []',
    '  #  - name: message',
    '  #    value: "Hello"',
    '  #  - name: message',
    '  #    valueFrom:',
    `  #      project: "${pipeline}"`,
    '  #      param: "message"',
    '',
    '  ## how many older versions to keep after an update (0 keeps none, -1 keeps all).',
    '  ## KFP cannot update a recurring run: a change creates a new version and disables the old one.',
    '  keep_history: 2',
    '',
    '  job:',
    '    ## false pauses every version; disable a job before removing it from this file',
    '    enabled: true',
    '    ## unique in the namespace; versions are named GIT::<name>__<UTC time>',
    `    name: "${pipeline}"`,
    '    description: ~',
    '    ## must be declared in experiments.yaml',
    `    experiment: "${pipeline}"`,
    '    ## 1..10; may be exceeded while an update switches versions',
    '    max_concurrency: 1',
    '    ## ~ uses the namespace default (default-editor)',
    '    service_account: ~',
    '    trigger:',
    '      ## run the missed intervals after a pause (resets with every new version)',
    '      catchup: false',
    '      ## optional window, RFC 3339 or YAML dates (UTC when no offset is given)',
    '      # start_date: 2026-01-01T00:00:00Z',
    '      # end_date: 2026-12-31',
    '      ## six fields, seconds first: "sec min hour day-of-month month day-of-week" (UTC)',
    '      cron: "0 0 0 * * *"',
    '      ## or a fixed interval instead of cron',
    '      # interval_seconds: 3600',
  ];
  return [
    header(JSON_SCHEMA_FILES.recurringRuns, file),
    `# Recurring runs of the "${input.namespace}" namespace: the truth that \`nx run <team>:reconcile\` applies.`,
    'recurring_runs:',
    ...(input.pipeline ? run.map((l) => (l ? `  ${l}` : '')) : [...run.map((l) => (l ? `  # ${l}` : '  #')), '  []']),
    '',
  ].join('\n');
}

export function teamSettingsYaml(input: TeamFilesInput): string {
  const file = join(input.directory, TEAM_SETTINGS_FILE);
  return [
    header(JSON_SCHEMA_FILES.teamSettings, file),
    '# Where this team folder is applied. No secrets here: credentials come from the environment',
    '# (KFP_TOKEN, KFP_TOKEN_PATH, KFP_COOKIE, or DEX_USERNAME and DEX_PASSWORD).',
    `namespace: "${input.namespace}"`,
    ...(input.host
      ? ['default_environment: default', 'environments:', '  default:', `    host: "${input.host}"`]
      : [
          '# default_environment: prod',
          '# environments:',
          '#   prod:',
          '#     host: https://kubeflow.example.com/pipeline',
          '#     auth:',
          '#       method: dex',
          '#       dex_connector: local',
        ]),
    '',
  ].join('\n');
}
