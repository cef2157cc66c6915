import { createKfpClient } from '../connection/create-kfp-client';
import type { TeamEnvironmentSettings } from '../connection/types';
import { validateTeam, type ValidateTeamContext } from '../validate/validate-team';
import { connectionFromOptions, type ConnectionTargetOptions } from '../connection/target-options';
import { TEAM_SETTINGS_FILE } from '../team-config/layout';
import type { TeamConfig } from '../team-config/model';
import { formatProblems, hasErrors } from '../config-file/problems';
import { applyPlan, type ApplyResult } from './apply';
import { desiredState } from './desired';
import type { PruneMode, ReconcilePlan } from './model';
import { planReconcile } from './plan';
import { createReporter, type ReconcileOutput } from './reporters';

/** Recurring runs applied at the same time unless told otherwise. */
export const DEFAULT_APPLY_CONCURRENCY = 4;

export interface ReconcileOptions extends ConnectionTargetOptions {
  environment?: string;
  dryRun?: boolean;
  output?: ReconcileOutput;
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
  const report = createReporter(options.output, { print, env: input.env });
  const validated = await validateTeam(input.folder, input.sources);
  if (hasErrors(validated.problems) || !validated.config || !validated.resolved) {
    throw new ReconcileError(`The team folder has errors; nothing was changed.\n${formatProblems(validated.problems)}`);
  }
  if (validated.problems.length > 0) report.warnings(validated.problems);
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
    await report.plan(plan, links);
    return { exitCode: options.dryRun && options.detailedExitcode && plan.hasChanges ? 2 : 0, plan };
  }
  report.applying(plan, links);
  const applied = await applyPlan(plan, client, { concurrency: options.concurrency ?? DEFAULT_APPLY_CONCURRENCY, onStep: (event) => report.step(event) });
  await report.applied(plan, links, applied);
  return { exitCode: applied.ok ? 0 : 1, plan, applied };
}

/** The team's connection settings for the chosen environment (kfp-team.yaml), plus its namespace. */
export function teamEnvironment(config: TeamConfig, requested: string | undefined): TeamEnvironmentSettings {
  const { environments, defaultEnvironment } = config.settings;
  const name = requested ?? defaultEnvironment ?? undefined;
  if (!name) return { namespace: config.namespace };
  const environment = environments[name];
  if (!environment) {
    const known = Object.keys(environments);
    throw new ReconcileError(`No environment "${name}" in ${config.settings.file ?? TEAM_SETTINGS_FILE}${known.length ? `; its environments are: ${known.join(', ')}` : ' (it declares none)'}.`);
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
