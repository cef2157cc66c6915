import type { FileSourceRef, PipelineSourceRef } from '../pipeline-sources/source-ref';
import type { Trigger } from '../schedule/trigger';
import type { ParameterSpec, ParameterValue, RecurringRunSpec } from './model';
import { error, type PendingProblem } from '../config-file/problems';
import type { ParsedParameter, ParsedRecurringRun } from './schemas/recurring-runs';
import { positionOf, sourceTextOf, type YamlFile } from '../config-file/yaml-file';
import { RECURRING_RUNS_KEY } from './layout';

// A schema-valid recurring run into the model: defaults applied, its parsed
// trigger, and every key a valueFrom inherits from pipeline_source filled in.

export function toSpec(
  input: ParsedRecurringRun,
  index: number,
  trigger: Trigger,
  yaml: YamlFile,
  githubApiUrl: string | null,
): { spec?: RecurringRunSpec; problems: PendingProblem[] } {
  const pipelineSource = toPipelineSource(input.pipeline_source, githubApiUrl);
  const problems: PendingProblem[] = [];
  const parameters: ParameterSpec[] = [];
  (input.pipeline_parameters ?? []).forEach((parameter, j) => {
    const converted = toParameter(parameter, pipelineSource, githubApiUrl, () => sourceTextOf(yaml, [RECURRING_RUNS_KEY, index, 'pipeline_parameters', j, 'value']));
    if ('problem' in converted) problems.push(error([RECURRING_RUNS_KEY, index, 'pipeline_parameters', j, 'valueFrom'], converted.problem));
    else parameters.push(converted.parameter);
  });
  if (problems.length > 0) return { problems };

  const { job } = input;
  const position = positionOf(yaml, [RECURRING_RUNS_KEY, index]);
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
      catchup: job.trigger.catchup,
      trigger,
      pipelineSource,
      parameters,
      index,
      origin: { file: yaml.file, line: position.line, column: position.column },
    },
  };
}

function toPipelineSource(source: ParsedRecurringRun['pipeline_source'], githubApiUrl: string | null): PipelineSourceRef {
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

function toParameter(parameter: ParsedParameter, pipelineSource: PipelineSourceRef, githubApiUrl: string | null, sourceText: () => string | undefined): ParameterResult {
  if (parameter.value !== undefined) {
    const value = parameter.value as ParameterValue;
    const text = typeof value === 'string' ? undefined : sourceText();
    return { parameter: { name: parameter.name, value, ...(text !== undefined ? { sourceText: text } : {}) } };
  }
  const valueFrom = parameter.valueFrom;
  if (valueFrom === undefined) return { problem: 'you must specify `value` OR `valueFrom`' };
  const from = toFileSource(valueFrom, pipelineSource, githubApiUrl);
  return 'problem' in from ? from : { parameter: { name: parameter.name, valueFrom: from.ref } };
}

function toFileSource(
  valueFrom: NonNullable<ParsedParameter['valueFrom']>,
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
        problem: `${missing.join(', ').replace(/, ([^,]*)$/, ' and $1')} must be set here: pipeline_source is a ${pipelineSource.kind} source, so there is no GitHub repository to inherit from`,
      };
    }
    return { ref: { kind: 'github', owner, repo, ref, path: valueFrom.file_path, ...(apiUrl ? { apiUrl } : {}) } };
  }
  if (pipelineSource.kind === 'git') return { ref: { kind: 'git', url: pipelineSource.url, ref: pipelineSource.ref, path: valueFrom.file_path } };
  return { ref: { kind: 'workspace', path: valueFrom.file_path } };
}
