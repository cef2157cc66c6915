import { join } from 'node:path';
import { createKfpClient } from '../connection/create-kfp-client';
import { manualRunName } from '../naming/run-names';
import { renderedFolderName } from '../pipeline/layout';
import { resolveInterpreter } from '../python/interpreter';
import { RenderServer } from '../python/render-server';
import { readCommittedFolder } from '../render/rendered-folder';
import { pipelineInputs } from '../workflow/argo-workflow';
import { formatRenderReport } from '../render/format-render-report';
import { renderProject, type PipelineRenderSettings } from '../render/render-project';
import { connectionFromOptions, type ConnectionTargetOptions } from '../connection/target-options';
import { parseParamOverrides, RunInputError, runParameters } from './parameters';
import { isSuccess, waitForRun } from './wait-for-run';

/** What --wait does unless told otherwise (seconds). */
export const WAIT_DEFAULTS = { pollInterval: 5, waitTimeout: 3600 } as const;

export interface RunOptions extends ConnectionTargetOptions {
  experiment?: string;
  createExperiment?: boolean;
  runName?: string;
  variant?: string;
  param?: string | string[];
  serviceAccount?: string;
  wait?: boolean;
  waitTimeout?: number;
  pollInterval?: number;
  allowStale?: boolean;
  verbose?: boolean;
  python?: string;
}

export interface RunPipelineInput {
  project: string;
  /** Workspace-relative. */
  projectRoot: string;
  workspaceRoot: string;
  /** Options of the project's render target (script, args, variants, python...). */
  render: PipelineRenderSettings;
  /** The command that renders the project, e.g. `nx run churn:render`, for hints. */
  renderCommand: string;
  options: RunOptions;
  env: NodeJS.ProcessEnv;
  /** Human progress (stderr in JSON mode). */
  log: (line: string) => void;
  now?: () => Date;
}

export interface RunResult {
  runId: string;
  runName: string;
  experimentId: string;
  experiment: string;
  namespace?: string;
  url: string;
  status: string;
  parameters: Record<string, string>;
  variant?: string;
  error?: string;
}

/**
 * Starts a one-off run of the committed render: checks it is up to date, picks
 * parameters, finds (or creates) the experiment, creates the run, and waits for
 * it when asked. Everything that can be checked locally is checked before the
 * first request.
 */
export async function runPipeline(input: RunPipelineInput): Promise<RunResult> {
  const { project, options, log } = input;
  const variant = chooseVariant(project, input.render, options.variant);
  const folder = join(input.workspaceRoot, input.projectRoot, renderedFolderName(variant));
  const committed = await readCommittedFolder(folder, input.workspaceRoot);
  if (!committed) {
    throw new RunInputError(`${project} has no rendered output in ${join(input.projectRoot, renderedFolderName(variant))}; run "${input.renderCommand}" first.`);
  }
  await ensureFresh(input, variant, committed.recordedDigest !== undefined && committed.recordedDigest !== committed.digest);

  const parameters = runParameters(pipelineInputs(committed.parsed), committed.params, parseParamOverrides(options.param));
  const connection = connectionFromOptions(options, undefined, input.env);
  const client = await createKfpClient(connection, { log: options.verbose ? (line) => log(line) : undefined });
  const namespace = connection.namespace;

  const experimentName = options.experiment ?? project;
  let experiment = await client.findExperimentByName(namespace, experimentName);
  if (!experiment) {
    if (!options.createExperiment) {
      throw new RunInputError(
        `Experiment "${experimentName}" does not exist${namespace ? ` in namespace "${namespace}"` : ''}. Pass --create-experiment, or declare it in a team's experiments.yaml and reconcile.`,
      );
    }
    experiment = await client.createExperiment({ name: experimentName, description: '', namespace });
    log(`Created experiment ${experimentName}: ${client.experimentUrl(experiment.id)}`);
  }

  const runName = options.runName ?? manualRunName(project, (input.now ?? (() => new Date()))());
  const run = await client.createRun({
    name: runName,
    experimentId: experiment.id,
    namespace,
    workflowManifest: committed.parsed,
    parameters,
    serviceAccount: options.serviceAccount,
  });
  const result: RunResult = {
    runId: run.id,
    runName,
    experimentId: experiment.id,
    experiment: experimentName,
    namespace,
    url: client.runUrl(run.id),
    status: run.status ?? 'Pending',
    parameters,
    ...(variant ? { variant } : {}),
  };
  log(`Started run ${runName}\n  id:         ${run.id}\n  experiment: ${experimentName}${namespace ? ` (namespace ${namespace})` : ''}\n  ui:         ${result.url}`);
  if (!options.wait) return result;

  const { pollInterval = WAIT_DEFAULTS.pollInterval, waitTimeout = WAIT_DEFAULTS.waitTimeout } = options;
  log(`Waiting for the run to finish (every ${pollInterval}s, at most ${waitTimeout}s)...`);
  const finished = await waitForRun({
    pollIntervalMs: pollInterval * 1000,
    timeoutMs: waitTimeout * 1000,
    getRun: () => client.getRun(run.id),
    onStatus: (status, elapsed) => log(`  ${formatElapsed(elapsed)}  ${status}`),
  });
  result.status = finished.status ?? 'Unknown';
  if (finished.error) result.error = finished.error;
  return result;
}

export function runSucceeded(result: RunResult, waited: boolean): boolean {
  return !waited || isSuccess(result.status);
}

function chooseVariant(project: string, render: PipelineRenderSettings, requested: string | undefined): string | undefined {
  const variants = Object.keys(render.variants ?? {});
  if (variants.length === 0) {
    if (requested) throw new RunInputError(`${project} has no variants, so --variant ${requested} cannot be run.`);
    return undefined;
  }
  if (!requested) throw new RunInputError(`${project} has variants (${variants.join(', ')}); choose one with --variant.`);
  if (!variants.includes(requested)) throw new RunInputError(`${project} has no variant "${requested}"; its variants are: ${variants.join(', ')}.`);
  return requested;
}

/** Refuses a stale or hand-edited render (the render --check logic) unless --allow-stale. */
async function ensureFresh(input: RunPipelineInput, variant: string | undefined, handEdited: boolean): Promise<void> {
  const { project, options, log } = input;
  const problems: string[] = [];
  if (handEdited) problems.push(`${project}: the committed output was edited by hand (its content does not match its .kfp-digest).`);
  const server = await RenderServer.start(resolveInterpreter(input.workspaceRoot, options.python ?? input.render.python, input.env));
  try {
    const report = await renderProject(server, project, input.projectRoot, input.workspaceRoot, { ...input.render, variant, check: true });
    if (!report.success) problems.push(formatRenderReport(report, { renderCommand: input.renderCommand }));
  } finally {
    await server.close();
  }
  if (problems.length === 0) return;
  const message = `${problems.join('\n')}\nThe committed render does not match the pipeline source; run "${input.renderCommand}" and commit the result.`;
  if (!options.allowStale) throw new RunInputError(`${message}\n(--allow-stale runs it anyway.)`);
  log(`warning (--allow-stale): ${message}`);
}

function formatElapsed(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}
