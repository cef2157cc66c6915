import { join } from 'node:path';
import { createKfpClient } from '../connection/create-kfp-client';
import { manualRunName } from '../naming/run-names';
import type { KfpClient } from '../kfp-client/kfp-client';
import type { Experiment, RunV2 } from '../kfp-client/model';
import type { CreateExperimentInput } from '../kfp-client/request-bodies';
import { compiledFileName, DEFAULT_PIPELINE_SDK, renderedFolderName } from '../pipeline/layout';
import { specInputs, type CompiledPipelineSpec } from '../pipeline-spec/pipeline-spec';
import { resolveInterpreter } from '../python/interpreter';
import { RenderServer } from '../python/render-server';
import { readCommittedFolder } from '../render/rendered-folder';
import { pipelineInputs, type ArgoWorkflow } from '../workflow/argo-workflow';
import { formatRenderReport } from '../render/format-render-report';
import { renderProject, type PipelineRenderSettings } from '../render/render-project';
import { connectionFromOptions, type ConnectionTargetOptions } from '../connection/target-options';
import { parseParamOverrides, RunInputError, runParameters, typedRunParameters } from './parameters';
import { isSuccess, waitForRun, type RunStatus } from './wait-for-run';

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
  /** As sent: text for a v1 pipeline, typed as the IR declares them for a v2 one. */
  parameters: Record<string, unknown>;
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
  const sdk = input.render.sdk ?? DEFAULT_PIPELINE_SDK;
  const variant = chooseVariant(project, input.render, options.variant);
  const folder = join(input.workspaceRoot, input.projectRoot, renderedFolderName(variant));
  const committed = await readCommittedFolder(folder, input.workspaceRoot, sdk);
  if (!committed) {
    throw new RunInputError(`${project} has no rendered output in ${join(input.projectRoot, renderedFolderName(variant), compiledFileName(sdk))}; run "${input.renderCommand}" first.`);
  }
  await ensureFresh(input, variant, committed.recordedDigest !== undefined && committed.recordedDigest !== committed.digest);

  const overrides = parseParamOverrides(options.param);
  const parameters =
    committed.sdk === 'v2'
      ? (() => {
          const inputs = specInputs(committed.parsed.spec);
          return typedRunParameters(inputs, runParameters(inputs, committed.params, overrides));
        })()
      : runParameters(pipelineInputs(committed.parsed), committed.params, overrides);
  const connection = connectionFromOptions(options, undefined, input.env);
  const client = await createKfpClient(connection, { log: options.verbose ? (line) => log(line) : undefined });
  const namespace = connection.namespace;
  if (committed.sdk === 'v2' && !(await client.servesV2())) {
    throw new RunInputError(`${connection.host} does not serve the KFP v2beta1 API (a KFP 1.x server), so it cannot run ${project}, a KFP v2 pipeline; nothing was created.`);
  }
  const api = committed.sdk === 'v2' ? v2RunApi(client, committed.parsed) : v1RunApi(client, committed.parsed);

  const experimentName = options.experiment ?? project;
  let experiment = await api.findExperiment(namespace, experimentName);
  if (!experiment) {
    if (!options.createExperiment) {
      throw new RunInputError(
        `Experiment "${experimentName}" does not exist${namespace ? ` in namespace "${namespace}"` : ''}. Pass --create-experiment, or declare it in a team's experiments.yaml and reconcile.`,
      );
    }
    experiment = await api.createExperiment({ name: experimentName, description: '', namespace });
    log(`Created experiment ${experimentName}: ${client.experimentUrl(experiment.id)}`);
  }

  const runName = options.runName ?? manualRunName(project, (input.now ?? (() => new Date()))());
  const run = await api.createRun({ name: runName, experimentId: experiment.id, namespace, parameters, serviceAccount: options.serviceAccount });
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
    getRun: () => api.getRun(run.id),
    onStatus: (status, elapsed) => log(`  ${formatElapsed(elapsed)}  ${status}`),
  });
  result.status = finished.status ?? 'Unknown';
  if (finished.error) result.error = finished.error;
  return result;
}

interface StartRun {
  name: string;
  experimentId: string;
  namespace?: string;
  parameters: Record<string, unknown>;
  serviceAccount?: string;
}

/** The calls a one-off run makes, in the API of the pipeline's SDK: v1beta1 for a workflow, v2beta1 for the IR. */
interface RunApi {
  findExperiment(namespace: string | undefined, name: string): Promise<Experiment | undefined>;
  createExperiment(input: CreateExperimentInput): Promise<Experiment>;
  createRun(input: StartRun): Promise<{ id: string } & RunStatus>;
  getRun(id: string): Promise<RunStatus>;
}

function v1RunApi(client: KfpClient, workflow: ArgoWorkflow): RunApi {
  return {
    findExperiment: (namespace, name) => client.findExperimentByName(namespace, name),
    createExperiment: (input) => client.createExperiment(input),
    // v1 parameters are text: runParameters gave strings.
    createRun: (input) => client.createRun({ ...input, workflowManifest: workflow, parameters: input.parameters as Record<string, string> }),
    getRun: (id) => client.getRun(id),
  };
}

function v2RunApi(client: KfpClient, compiled: CompiledPipelineSpec): RunApi {
  const withStatus = (run: RunV2) => ({ id: run.id, status: v2Status(run.state), ...(run.error ? { error: run.error } : {}) });
  return {
    findExperiment: (namespace, name) => client.findExperimentByNameV2(namespace, name),
    createExperiment: (input) => client.createExperimentV2(input),
    createRun: async (input) => withStatus(await client.createRunV2({ ...input, pipeline: compiled })),
    getRun: async (id) => withStatus(await client.getRunV2(id)),
  };
}

/** A v2 runtime state in the words v1 runs use (SUCCEEDED → Succeeded), so output and exit codes read the same. */
export function v2Status(state: string | undefined): string | undefined {
  if (state === undefined || state === 'RUNTIME_STATE_UNSPECIFIED') return undefined;
  return state.charAt(0) + state.slice(1).toLowerCase();
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
  const server = await RenderServer.start(resolveInterpreter(input.workspaceRoot, options.python ?? input.render.python, input.env, input.render.sdk ?? DEFAULT_PIPELINE_SDK));
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
