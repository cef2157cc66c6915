// The core of `validate`, independent of Nx so that `reconcile` reuses it:
// load the team folder, read every pipeline source and parameter file, check
// each pipeline is a rendered KFP pipeline (v1 or v2) and that the parameters
// match its inputs (for v2, their declared types too). Every problem is
// reported at once.

import { resolveFile, resolvePipelineFile } from '../pipeline-sources/resolve-file';
import { SourceError, type ResolveContext, type ResolvedFile } from '../pipeline-sources/resolve-context';
import type { SourceRef } from '../pipeline-sources/source-ref';
import type { CompiledPipeline, DeclaredInput } from '../pipeline/compiled-pipeline';
import { toTypedValue } from '../pipeline-spec/pipeline-spec';
import { checkParameters } from '../workflow/argo-workflow';
import { analyzeTeamFolder } from '../team-config/load-team-config';
import { RECURRING_RUNS_FILE } from '../team-config/layout';
import type { RecurringRunSpec, TeamConfig } from '../team-config/model';
import { error, hasErrors, sortProblems, warning, type ConfigProblem, type DocPath, type PendingProblem } from '../config-file/problems';
import { checkPipeline, type PipelineCheck } from './check-pipeline';
import { handEditedRender } from './check-digest';
import { mapLimited } from '../utils/concurrency';
import { RECURRING_RUNS_KEY } from '../team-config/layout';

export type ValidateTeamContext = ResolveContext;

export interface ResolvedPipeline {
  /** The pipeline file's text as read. */
  text: string;
  /** Parsed like PyYAML (YAML 1.1), as the KFP SDKs write it. */
  compiled: CompiledPipeline;
  /** The pipeline's declared inputs. */
  inputs: DeclaredInput[];
  /** e.g. `github:owner/repo@main:path/workflow.yaml`. */
  displayName: string;
  /** Commit SHA for git and GitHub sources. */
  revision?: string;
}

export interface ResolvedParameter {
  name: string;
  /** Text for a v1 pipeline; for v2, the value as the type the pipeline declares. */
  value: unknown;
  /** Where a valueFrom value was read, for messages. */
  from?: { displayName: string; revision?: string };
}

export interface ResolvedRecurringRun {
  spec: RecurringRunSpec;
  pipeline: ResolvedPipeline;
  /** In file order. */
  parameters: ResolvedParameter[];
}

export interface ResolvedTeam {
  /** One per recurring run, in file order. */
  recurringRuns: ResolvedRecurringRun[];
}

export interface ValidateTeamResult {
  /** Present when the team files have no error. */
  config?: TeamConfig;
  /** Sorted by file and position. */
  problems: ConfigProblem[];
  /** Present when there is no error at all. */
  resolved?: ResolvedTeam;
}

const CONCURRENT_RUNS = 4;

export async function validateTeam(folder: string, sources: ValidateTeamContext): Promise<ValidateTeamResult> {
  const analysis = await analyzeTeamFolder(folder, { workspaceRoot: sources.workspaceRoot });
  const ctx = sources.withProjects ? await sources.withProjects(projectNames(analysis.recurringRuns)) : sources;
  const read = memoizedReader(ctx);
  const checkFile = memoized((file: ResolvedFile) => checkPipeline(file.content, file.displayName));
  // Per rendered folder, not per run: a thousand runs of one pipeline read its folder once.
  const editedFolders = new Map<string, Promise<string | undefined>>();
  const handEdited = (spec: RecurringRunSpec) => {
    const key = JSON.stringify(spec.pipelineSource);
    if (!editedFolders.has(key)) {
      // The pipeline file as this validate read and parsed it (both memoised): the digest check parses nothing again.
      const pipeline = read(spec.pipelineSource, true).then((file) => {
        const check = checkFile(file);
        return check.ok ? { text: file.content, displayName: file.displayName, compiled: check.pipeline } : undefined;
      });
      editedFolders.set(key, pipeline.then((p) => handEditedRender(spec, ctx, p), () => handEditedRender(spec, ctx)));
    }
    return editedFolders.get(key)!;
  };
  const outcomes = await mapLimited(analysis.recurringRuns, CONCURRENT_RUNS, async (spec) => {
    const outcome = await resolveRun(spec, read, checkFile);
    // Only a render whose workflow could be read is compared with its digest: what was refused is not read again.
    const sourceRefused = outcome.problems.some((p) => p.severity === 'error' && p.path[2] === 'pipeline_source');
    const edited = sourceRefused ? undefined : await handEdited(spec);
    return edited ? { problems: [...outcome.problems, error([RECURRING_RUNS_KEY, spec.index, 'pipeline_source'], edited)] } : outcome;
  });
  const pending = outcomes.flatMap((o) => o.problems);
  const problems = sortProblems([...analysis.problems, ...analysis.locate(RECURRING_RUNS_FILE, pending)]);
  const result: ValidateTeamResult = { problems };
  if (analysis.config) result.config = analysis.config;
  if (analysis.config && !hasErrors(problems)) {
    result.resolved = { recurringRuns: outcomes.map((o) => o.resolved).filter((r): r is ResolvedRecurringRun => r !== undefined) };
  }
  return result;
}

/** Every project the recurring runs read from (pipelines and parameter files), sorted. */
function projectNames(runs: readonly RecurringRunSpec[]): string[] {
  const names = new Set<string>();
  for (const run of runs) {
    for (const ref of [run.pipelineSource, ...run.parameters.map((p) => ('valueFrom' in p ? p.valueFrom : undefined))]) {
      if (ref?.kind === 'project' || ref?.kind === 'project-param') names.add(ref.project);
    }
  }
  return [...names].sort();
}

type Reader = (ref: SourceRef, pipeline: boolean) => Promise<ResolvedFile>;
type Checker = (file: ResolvedFile) => PipelineCheck;

/** A file read once is parsed once, however many runs deploy it (the reader hands out one object per file). */
function memoized<T>(compute: (file: ResolvedFile) => T): (file: ResolvedFile) => T {
  const results = new WeakMap<ResolvedFile, T>();
  return (file) => {
    if (!results.has(file)) results.set(file, compute(file));
    return results.get(file)!;
  };
}

// Many runs often share a pipeline or a parameter file: read each once.
function memoizedReader(ctx: ResolveContext): Reader {
  const cache = new Map<string, Promise<ResolvedFile>>();
  return (ref, pipeline) => {
    const key = JSON.stringify([ref, pipeline]);
    let file = cache.get(key);
    if (!file) {
      file = pipeline && ref.kind !== 'project-param' ? resolvePipelineFile(ref, ctx) : resolveFile(ref, ctx);
      cache.set(key, file);
    }
    return file;
  };
}

async function resolveRun(spec: RecurringRunSpec, read: Reader, checkFile: Checker): Promise<{ problems: PendingProblem[]; resolved?: ResolvedRecurringRun }> {
  const at = (...rest: Array<string | number>): DocPath => [RECURRING_RUNS_KEY, spec.index, ...rest];
  const problems: PendingProblem[] = [];
  const warnings: PendingProblem[] = [];
  const noteWarnings = (file: ResolvedFile, path: DocPath) => warnings.push(...(file.warnings ?? []).map((message) => warning(path, message)));

  const parameters: ResolvedParameter[] = [];
  await Promise.all(
    spec.parameters.map(async (parameter, j) => {
      if ('value' in parameter) {
        parameters[j] = { name: parameter.name, value: parameter.value };
        return;
      }
      try {
        const file = await read(parameter.valueFrom, false);
        noteWarnings(file, at('pipeline_parameters', j, 'valueFrom'));
        parameters[j] = { name: parameter.name, value: file.content, from: { displayName: file.displayName, ...(file.revision ? { revision: file.revision } : {}) } };
      } catch (e) {
        problems.push(error(at('pipeline_parameters', j, 'valueFrom'), `cannot read the value: ${sourceMessage(e)}`));
      }
    }),
  );

  let pipelineFile: ResolvedFile;
  try {
    pipelineFile = await read(spec.pipelineSource, true);
    noteWarnings(pipelineFile, at('pipeline_source'));
  } catch (e) {
    problems.push(error(at('pipeline_source'), `cannot read the pipeline: ${sourceMessage(e)}`));
    return { problems };
  }
  const pipeline = checkFile(pipelineFile);
  if (!pipeline.ok) {
    problems.push(error(at('pipeline_source'), pipeline.message));
    return { problems };
  }

  const check = checkParameters(pipeline.inputs, spec.parameters.map((p) => p.name));
  const declared = pipeline.inputs.map((i) => i.name);
  for (const name of check.missing) {
    problems.push(error(at('pipeline_parameters'), `missing required parameter ${JSON.stringify(name)}: ${pipelineFile.displayName} declares it without a default`));
  }
  for (const name of check.unknown) {
    spec.parameters.forEach((parameter, j) => {
      if (parameter.name !== name) return;
      const list = declared.length > 0 ? `declares ${declared.map((d) => JSON.stringify(d)).join(', ')}` : 'declares no parameters';
      problems.push(error(at('pipeline_parameters', j, 'name'), `unknown parameter ${JSON.stringify(name)}: ${pipelineFile.displayName} ${list}`));
    });
  }
  // Values as the pipeline's SDK takes them: text for v1, the declared type for v2.
  spec.parameters.forEach((parameter, j) => {
    const resolvedParameter = parameters[j];
    if (!resolvedParameter) return;
    const where = at('pipeline_parameters', j, 'value' in parameter ? 'value' : 'valueFrom');
    if (pipeline.pipeline.sdk === 'v1') {
      if (typeof resolvedParameter.value !== 'string') problems.push(error(where, notTextMessage(resolvedParameter.value, 'value' in parameter ? parameter.sourceText : undefined)));
      return;
    }
    const input = pipeline.specInputs?.find((i) => i.name === parameter.name);
    if (!input) return; // unknown: reported above
    const typed = toTypedValue(input, resolvedParameter.value);
    if (typed.ok) resolvedParameter.value = typed.value;
    else problems.push(error(where, `${typed.message} (the v2 pipeline declares it ${input.type})`));
  });
  if (problems.length > 0) return { problems: [...problems, ...warnings] };

  return {
    problems: warnings,
    resolved: {
      spec,
      pipeline: {
        text: pipelineFile.content,
        compiled: pipeline.pipeline,
        inputs: pipeline.inputs,
        displayName: pipelineFile.displayName,
        ...(pipelineFile.revision ? { revision: pipelineFile.revision } : {}),
      },
      parameters,
    },
  };
}

/** KFP v1 parameter values are text: what to say about a YAML number, boolean, list or mapping. */
function notTextMessage(value: unknown, sourceText: string | undefined): string {
  if (typeof value === 'number' || typeof value === 'boolean') {
    const text = sourceText ?? String(value);
    return `must be a string (KFP parameter values are text), got the ${typeof value} ${text}; put it in quotes: ${JSON.stringify(text)}`;
  }
  return `must be a string (KFP v1 parameter values are text), got ${Array.isArray(value) ? 'a list' : 'a mapping'}`;
}

function sourceMessage(e: unknown): string {
  if (e instanceof SourceError) return e.message;
  return e instanceof Error ? e.message : String(e);
}
