import type { FileSourceRef, PipelineSourceRef } from '../pipeline-sources/source-ref';
import { parseCron } from '../cron/parse-cron';
import { normalizeTimestamp } from './dates';
import type { ParameterSpec, RecurringRunSpec } from './model';
import { error, warning, type DocPath, type PendingProblem } from './problems';
import { isPlainObject } from './schemas/common';
import { recurringRunSchema, recurringRunsFileSchema, type ParameterInput, type RecurringRunInput } from './schemas/recurring-runs';
import { chooseSourceForm, type SourceContext } from './source-forms';
import { positionOf, type YamlFile } from './yaml-file';
import { validateWithSchema } from './zod-issues';

const ROOT = 'recurring_runs';

export interface RecurringRunsContext {
  /** Names declared in experiments.yaml; null when that file could not be read (no reference check). */
  declaredExperiments: Set<string> | null;
  /** Workspace-relative experiments.yaml, or null when the folder has none. */
  experimentsFile: string | null;
  /** kfp-team.yaml's github_api_url. */
  githubApiUrl: string | null;
}

export interface RecurringRunsCheck {
  problems: PendingProblem[];
  /** Normalised entries that have no errors, in file order. */
  specs: RecurringRunSpec[];
}

export function checkRecurringRunsFile(yaml: YamlFile, context: RecurringRunsContext): RecurringRunsCheck {
  if (yaml.data === undefined) return { problems: [], specs: [] };
  if (yaml.data === null) {
    return { problems: [error([], 'the file is empty; expected the key "recurring_runs" with a list of recurring runs')], specs: [] };
  }
  const problems: PendingProblem[] = [];
  const whole = validateWithSchema(recurringRunsFileSchema, yaml.data, yaml, []);
  // Source mappings are checked form by form below, for precise messages.
  if (!whole.ok) problems.push(...whole.problems.filter((p) => !isInSourceMapping(p.path)));

  const items = isPlainObject(yaml.data) && Array.isArray(yaml.data[ROOT]) ? (yaml.data[ROOT] as unknown[]) : [];
  items.forEach((item, index) => {
    if (!isPlainObject(item)) return;
    problems.push(...checkSourceMapping(item.pipeline_source, [ROOT, index, 'pipeline_source'], 'pipeline_source', yaml));
    rawParameters(item).forEach((parameter, j) => {
      if (isPlainObject(parameter) && parameter.valueFrom !== undefined) {
        problems.push(...checkSourceMapping(parameter.valueFrom, [ROOT, index, 'pipeline_parameters', j, 'valueFrom'], 'valueFrom', yaml));
      }
    });
  });
  problems.push(...crossChecks(items, yaml, context));

  const specs: RecurringRunSpec[] = [];
  items.forEach((item, index) => {
    const hasError = problems.some((p) => p.severity === 'error' && p.path[0] === ROOT && p.path[1] === index);
    if (hasError) return;
    const parsed = recurringRunSchema.safeParse(item);
    if (!parsed.success) return;
    const normalised = toSpec(parsed.data, index, yaml, context.githubApiUrl);
    problems.push(...normalised.problems);
    if (normalised.spec) specs.push(normalised.spec);
  });
  return { problems, specs };
}

function isInSourceMapping(path: DocPath): boolean {
  if (path[0] !== ROOT || typeof path[1] !== 'number') return false;
  if (path[2] === 'pipeline_source') return true;
  return path[2] === 'pipeline_parameters' && typeof path[3] === 'number' && path[4] === 'valueFrom';
}

function checkSourceMapping(value: unknown, path: DocPath, context: SourceContext, yaml: YamlFile): PendingProblem[] {
  if (value === undefined) return context === 'pipeline_source' ? [error(path, 'missing required key "pipeline_source"')] : [];
  const form = chooseSourceForm(value, context);
  if (!form.ok) return [error(path, form.message)];
  const result = validateWithSchema(form.schema, value, yaml, path);
  return result.ok ? [] : result.problems;
}

function rawParameters(item: Record<string, unknown>): unknown[] {
  return Array.isArray(item.pipeline_parameters) ? item.pipeline_parameters : [];
}

function record(value: unknown): Record<string, unknown> {
  return isPlainObject(value) ? value : {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Checks across entries and keys; they work on the raw data so they run even when other keys are wrong. */
function crossChecks(items: unknown[], yaml: YamlFile, context: RecurringRunsContext): PendingProblem[] {
  const problems: PendingProblem[] = [];
  const firstJobByName = new Map<string, number>();
  items.forEach((rawItem, index) => {
    const item = record(rawItem);
    const job = record(item.job);
    const jobPath: DocPath = [ROOT, index, 'job'];

    const name = text(job.name);
    if (name !== undefined) {
      const first = firstJobByName.get(name);
      if (first === undefined) firstJobByName.set(name, index);
      else {
        const line = positionOf(yaml, [ROOT, first]).line;
        problems.push(error([...jobPath, 'name'], `duplicate job name ${JSON.stringify(name)}: also used by recurring_runs[${first}] (line ${line})`));
      }
    }

    const experiment = text(job.experiment);
    if (experiment !== undefined && experiment !== '' && context.declaredExperiments && !context.declaredExperiments.has(experiment)) {
      problems.push(error([...jobPath, 'experiment'], undeclaredExperimentMessage(experiment, context)));
    }

    const firstParameterByName = new Map<string, number>();
    rawParameters(item).forEach((rawParameter, j) => {
      const parameterName = text(record(rawParameter).name);
      if (parameterName === undefined) return;
      const first = firstParameterByName.get(parameterName);
      if (first === undefined) firstParameterByName.set(parameterName, j);
      else {
        problems.push(
          error(
            [ROOT, index, 'pipeline_parameters', j, 'name'],
            `duplicate parameter ${JSON.stringify(parameterName)}: also set by pipeline_parameters[${first}]`,
          ),
        );
      }
    });

    problems.push(...triggerChecks(record(job.trigger), [...jobPath, 'trigger']));
  });
  return problems;
}

function undeclaredExperimentMessage(experiment: string, context: RecurringRunsContext): string {
  if (context.experimentsFile === null) return `experiment ${JSON.stringify(experiment)} is not declared: the team folder has no experiments.yaml`;
  const declared = [...(context.declaredExperiments ?? [])];
  const list = declared.length > 0 ? `it declares ${declared.map((n) => JSON.stringify(n)).join(', ')}` : 'it declares none';
  return `experiment ${JSON.stringify(experiment)} is not declared in experiments.yaml (${list})`;
}

function triggerChecks(trigger: Record<string, unknown>, triggerPath: DocPath): PendingProblem[] {
  const problems: PendingProblem[] = [];
  const dates: Partial<Record<'start_date' | 'end_date', string>> = {};
  for (const key of ['start_date', 'end_date'] as const) {
    const value = text(trigger[key]);
    if (value === undefined) continue;
    const result = normalizeTimestamp(value);
    if (!result.ok) continue;
    dates[key] = result.value;
    if (result.droppedFraction) {
      problems.push(
        warning(
          [...triggerPath, key],
          `the fractional seconds ${result.droppedFraction} are dropped: the KFP server stores whole seconds, so this is ${result.value}`,
        ),
      );
    }
  }
  if (dates.start_date && dates.end_date && dates.start_date >= dates.end_date) {
    problems.push(error([...triggerPath, 'end_date'], `end_date (${dates.end_date}) must be after start_date (${dates.start_date})`));
  }
  const cron = text(trigger.cron);
  if (cron !== undefined) {
    const parsed = parseCron(cron);
    if (parsed.ok) for (const message of parsed.warnings) problems.push(warning([...triggerPath, 'cron'], message));
  }
  return problems;
}

function toSpec(
  input: RecurringRunInput,
  index: number,
  yaml: YamlFile,
  githubApiUrl: string | null,
): { spec?: RecurringRunSpec; problems: PendingProblem[] } {
  const pipelineSource = toPipelineSource(input.pipeline_source, githubApiUrl);
  const problems: PendingProblem[] = [];
  const parameters: ParameterSpec[] = [];
  (input.pipeline_parameters ?? []).forEach((parameter, j) => {
    const converted = toParameter(parameter, pipelineSource, githubApiUrl);
    if ('problem' in converted) problems.push(error([ROOT, index, 'pipeline_parameters', j, 'valueFrom'], converted.problem));
    else parameters.push(converted.parameter);
  });
  if (problems.length > 0) return { problems };

  const { job } = input;
  const { trigger } = job;
  const date = (value: string | null | undefined) => {
    if (value === undefined || value === null) return null;
    const result = normalizeTimestamp(value);
    return result.ok ? result.value : null;
  };
  const position = positionOf(yaml, [ROOT, index]);
  return {
    problems,
    spec: {
      name: job.name,
      enabled: job.enabled,
      description: job.description ?? null,
      experiment: job.experiment,
      maxConcurrency: job.max_concurrency,
      serviceAccount: job.service_account ?? null,
      keepHistory: input.keep_history,
      catchup: trigger.catchup,
      startTime: date(trigger.start_date),
      endTime: date(trigger.end_date),
      cron: trigger.cron ?? null,
      intervalSeconds: trigger.interval_seconds ?? null,
      pipelineSource,
      parameters,
      index,
      origin: { file: yaml.file, line: position.line, column: position.column },
    },
  };
}

function toPipelineSource(source: RecurringRunInput['pipeline_source'], githubApiUrl: string | null): PipelineSourceRef {
  if ('github_owner' in source) {
    const apiUrl = source.github_api_url ?? githubApiUrl ?? undefined;
    return {
      kind: 'github',
      owner: source.github_owner,
      repo: source.github_repo,
      ref: source.git_reference,
      path: source.file_path,
      ...(apiUrl ? { apiUrl } : {}),
    };
  }
  if ('project' in source) return { kind: 'project', project: source.project, ...(source.variant ? { variant: source.variant } : {}) };
  if ('url' in source) return { kind: 'git', url: source.url, ref: source.ref, path: source.path };
  return { kind: 'workspace', path: source.file_path };
}

type ParameterResult = { parameter: ParameterSpec } | { problem: string };

function toParameter(parameter: ParameterInput, pipelineSource: PipelineSourceRef, githubApiUrl: string | null): ParameterResult {
  if (parameter.value !== undefined) return { parameter: { name: parameter.name, value: parameter.value } };
  const valueFrom = parameter.valueFrom;
  if (valueFrom === undefined) return { problem: 'you must specify `value` OR `valueFrom`' };
  const from = toFileSource(valueFrom, pipelineSource, githubApiUrl);
  return 'problem' in from ? from : { parameter: { name: parameter.name, valueFrom: from.ref } };
}

function toFileSource(
  valueFrom: NonNullable<ParameterInput['valueFrom']>,
  pipelineSource: PipelineSourceRef,
  githubApiUrl: string | null,
): { ref: FileSourceRef } | { problem: string } {
  if ('project' in valueFrom) {
    return { ref: { kind: 'project-param', project: valueFrom.project, ...(valueFrom.variant ? { variant: valueFrom.variant } : {}), param: valueFrom.param } };
  }
  if ('url' in valueFrom) return { ref: { kind: 'git', url: valueFrom.url, ref: valueFrom.ref, path: valueFrom.path } };

  const inherited = pipelineSource.kind === 'github' ? pipelineSource : undefined;
  const owner = valueFrom.github_owner ?? inherited?.owner;
  const repo = valueFrom.github_repo ?? inherited?.repo;
  const ref = valueFrom.git_reference ?? inherited?.ref;
  const apiUrl = valueFrom.github_api_url ?? inherited?.apiUrl ?? githubApiUrl ?? undefined;
  const namesGithub = inherited !== undefined || [valueFrom.github_owner, valueFrom.github_repo, valueFrom.git_reference, valueFrom.github_api_url].some((v) => v !== undefined);
  if (namesGithub) {
    if (owner === undefined || repo === undefined || ref === undefined) {
      const missing = [owner === undefined && 'github_owner', repo === undefined && 'github_repo', ref === undefined && 'git_reference'].filter(Boolean);
      return {
        problem: `${missing.join(', ')} must be set here: pipeline_source is a ${pipelineSource.kind} source, so there is no GitHub repository to inherit from`,
      };
    }
    return { ref: { kind: 'github', owner, repo, ref, path: valueFrom.file_path, ...(apiUrl ? { apiUrl } : {}) } };
  }
  if (pipelineSource.kind === 'git') return { ref: { kind: 'git', url: pipelineSource.url, ref: pipelineSource.ref, path: valueFrom.file_path } };
  return { ref: { kind: 'workspace', path: valueFrom.file_path } };
}
