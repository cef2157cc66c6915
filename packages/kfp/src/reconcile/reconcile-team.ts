import { appendStepSummary } from '../ci/actions-run';
import { createKfpClient } from '../connection/create-kfp-client';
import type { TeamEnvironmentSettings } from '../connection/types';
import { validateTeam, type ValidateTeamContext } from '../executors/validate/validate-team';
import { connectionFromOptions, type ConnectionTargetOptions } from '../executors/shared/connection-options';
import type { TeamConfig } from '../team-config/model';
import { formatProblems, hasErrors } from '../team-config/problems';
import { applyPlan, type ApplyResult } from './apply';
import { desiredState } from './desired';
import { appliedLine, describeStep, type PlanLinks, formatPlanJson, formatPlanMarkdown, formatPlanText } from './format-plan';
import type { PruneMode, ReconcilePlan } from './model';
import { planReconcile } from './plan';

export interface ReconcileOptions extends ConnectionTargetOptions {
  environment?: string;
  dryRun?: boolean;
  output?: 'text' | 'json' | 'markdown';
  prune?: boolean;
  pruneDelete?: boolean;
  detailedExitcode?: boolean;
  concurrency?: number;
  verbose?: boolean;
}

export interface ReconcileInput {
  /** Absolute path of the team folder. */
  folder: string;
  sources: ValidateTeamContext;
  options: ReconcileOptions;
  env: NodeJS.ProcessEnv;
  /** Human output (stdout). */
  print: (text: string) => void;
  now?: () => Date;
}

export interface ReconcileOutcome {
  /** 0: nothing to do or applied; 1: error; 2: a dry run with --detailed-exitcode found changes. */
  exitCode: 0 | 1 | 2;
  plan?: ReconcilePlan;
  applied?: ApplyResult;
}

export class ReconcileError extends Error {
  override name = 'ReconcileError';
}

/**
 * Reconciles one team folder: validate everything offline (nothing is changed
 * unless every file is valid), read the namespace once, plan, print, and apply
 * unless it is a dry run.
 */
export async function reconcileTeam(input: ReconcileInput): Promise<ReconcileOutcome> {
  const { options, print } = input;
  const validated = await validateTeam(input.folder, input.sources);
  if (hasErrors(validated.problems) || !validated.config || !validated.resolved) {
    throw new ReconcileError(`The team folder has errors; nothing was changed.\n${formatProblems(validated.problems)}`);
  }
  if (validated.problems.length > 0 && options.output !== 'json') print(formatProblems(validated.problems));
  const config = validated.config;

  const connection = connectionFromOptions(options, teamEnvironment(config, options.environment), input.env);
  const client = await createKfpClient(connection, { log: options.verbose ? (line) => print(line) : undefined });
  const namespace = connection.namespace;
  // One paged listing of each: the plan needs nothing else from the cluster.
  const [experiments, jobs] = await Promise.all([client.listExperiments(namespace), client.listJobs(namespace)]);

  const prune: PruneMode = options.pruneDelete ? 'delete' : options.prune ? 'disable' : 'off';
  const desired = { ...desiredState(config, validated.resolved), namespace };
  const plan = planReconcile(desired, { experiments, jobs }, { now: (input.now ?? (() => new Date()))(), prune });
  const links = { job: (id: string) => client.jobUrl(id), experiment: (id: string) => client.experimentUrl(id), host: connection.host };

  if (options.dryRun || !plan.hasChanges) {
    await printPlan(plan, input, links);
    return { exitCode: options.dryRun && options.detailedExitcode && plan.hasChanges ? 2 : 0, plan };
  }
  if (options.output === 'text' || options.output === undefined) print(`${formatPlanText(plan, links)}\n\nApplying...`);
  const applied = await applyPlan(plan, client, {
    concurrency: options.concurrency ?? 4,
    onStep: (event) => {
      if (options.output !== 'text' && options.output !== undefined) return;
      const mark = event.status === 'done' ? '✔' : '✖';
      print(`  ${mark} ${event.target}: ${describeStep(event.step)}${event.error ? `\n      ${event.error}` : ''}`);
    },
  });
  const failed = applied.events.filter((e) => e.status === 'failed');
  if (options.output === 'json') {
    print(JSON.stringify({ ok: applied.ok, plan: JSON.parse(formatPlanJson(plan)), applied: applied.events.map((e) => ({ target: e.target, op: e.step.op, version: 'version' in e.step ? e.step.version : undefined, status: e.status, id: e.id, error: e.error })) }));
  } else if (options.output === 'markdown') {
    const markdown = `${formatPlanMarkdown(plan, links)}\n${applied.ok ? '**Applied.**' : `**Failed:** ${failed.map((f) => `${f.target}: ${describeStep(f.step)}: ${f.error}`).join('; ')}`}\n`;
    print(markdown);
    await appendStepSummary(markdown, input.env);
  } else {
    print(applied.ok ? `\n✔ ${appliedLine(plan)}` : `\n✖ ${failed.length} step(s) failed; the rest was applied. Run reconcile again once the cause is fixed: it continues from the current state.`);
  }
  return { exitCode: applied.ok ? 0 : 1, plan, applied };
}

async function printPlan(plan: ReconcilePlan, input: ReconcileInput, links: PlanLinks): Promise<void> {
  const output = input.options.output ?? 'text';
  if (output === 'json') input.print(formatPlanJson(plan));
  else if (output === 'markdown') {
    const markdown = formatPlanMarkdown(plan, links);
    input.print(markdown);
    await appendStepSummary(markdown, input.env);
  } else input.print(formatPlanText(plan, links));
}

/** The team's connection settings for the chosen environment (kfp-team.yaml), plus its namespace. */
export function teamEnvironment(config: TeamConfig, requested: string | undefined): TeamEnvironmentSettings {
  const { environments, defaultEnvironment } = config.settings;
  const name = requested ?? defaultEnvironment ?? undefined;
  if (!name) return { namespace: config.namespace };
  const environment = environments[name];
  if (!environment) {
    const known = Object.keys(environments);
    throw new ReconcileError(`No environment "${name}" in ${config.settings.file ?? 'kfp-team.yaml'}${known.length ? `; its environments are: ${known.join(', ')}` : ' (it declares none)'}.`);
  }
  return {
    host: environment.host,
    namespace: environment.namespace || config.namespace,
    ...(environment.uiUrl ? { uiUrl: environment.uiUrl } : {}),
    auth: {
      ...(environment.auth.method ? { method: environment.auth.method } : {}),
      ...(environment.auth.tokenPath ? { tokenPath: environment.auth.tokenPath } : {}),
      dexConnector: environment.auth.dexConnector,
    },
    ...(environment.caFile ? { caFile: environment.caFile } : {}),
    skipTlsVerify: environment.skipTlsVerify,
  };
}
