import { hostname, userInfo } from 'node:os';
import { relative, sep } from 'node:path';
import { createKfpClient } from '../connection/create-kfp-client';
import { describeHolder, LOCK_EXPERIMENT } from '../lock/lock-record';
import { forceUnlock, LockHeldError, NamespaceLock } from '../lock/namespace-lock';
import type { TeamEnvironmentSettings } from '../connection/types';
import { validateTeam, type ValidateTeamContext } from '../validate/validate-team';
import { connectionFromOptions, type ConnectionTargetOptions } from '../connection/target-options';
import { TEAM_SETTINGS_FILE } from '../team-config/layout';
import type { TeamConfig } from '../team-config/model';
import { formatProblems, hasErrors } from '../config-file/problems';
import { applyPlan, type ApplyResult } from './apply';
import { desiredState } from './desired';
import type { ActualState, PruneMode, ReconcilePlan } from './model';
import { clusterFingerprint, gitFingerprint, readSavedPlan, writeSavedPlan, type SavedPlan } from './saved-plan';
import { invariantViolations } from './invariants';
import { planReconcile } from './plan';
import { createReporter, type ReconcileOutput } from './reporters';

/**
 * Recurring runs applied at the same time unless told otherwise. Chosen at the
 * knee of `npm run bench:plan` (100 changed runs, 300 writes, 20 ms per
 * request, 2 CPUs; two runs): the apply phase took 9.3-10.3 s at 1, 5.7-6.0 s
 * at 2, 3.8-4.2 s at 4, 2.9-3.1 s at 8 and 2.8-2.9 s at 16. Up to 8 each
 * doubling still pays (1.3x from 4 to 8); past it the time is the client's and
 * the server's own work, not waiting (1.0-1.1x from 8 to 16), and more writes
 * at once would only load the KFP API server and its database more.
 */
export const DEFAULT_APPLY_CONCURRENCY = 8;
/** Seconds the namespace lock lasts without its holder (a killed reconcile) before another may take it over. */
export const DEFAULT_LOCK_TTL = 1800;

export interface ReconcileOptions extends ConnectionTargetOptions {
  environment?: string;
  dryRun?: boolean;
  output?: ReconcileOutput;
  prune?: boolean;
  pruneDelete?: boolean;
  detailedExitcode?: boolean;
  concurrency?: number;
  verbose?: boolean;
  /** Seconds to wait for the namespace lock held by another reconcile (default 0: fail at once, naming the holder). */
  lockTimeout?: number;
  /** Seconds the lock lasts if this process is killed. */
  lockTtl?: number;
  /** Remove the namespace lock with this id (its holder is gone) instead of reconciling. */
  forceUnlock?: string;
  /** Save the plan (with fingerprints of git and the namespace) to this file. */
  out?: string;
  /** Apply exactly the plan saved in this file, if git and the namespace are still as they were. */
  plan?: string;
  /** Never ask for confirmation. */
  yes?: boolean;
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
  /** Who holds the namespace lock while this reconcile changes it. */
  holder?: string;
  /** Asks a person to confirm the plan before applying (an interactive terminal); absent: never ask. */
  confirm?: (question: string) => Promise<boolean>;
}

export interface ReconcileOutcome {
  /** 0: nothing to do or applied; 1: error; 2: a dry run with --detailed-exitcode found changes. */
  exitCode: 0 | 1 | 2;
  plan?: ReconcilePlan;
  applied?: ApplyResult;
  /** What does not hold in the namespace after applying (see invariants.ts); empty when all is well. */
  violations?: string[];
}

export class ReconcileError extends Error {
  override name = 'ReconcileError';
}

/**
 * Reconciles one team folder: validate everything offline (nothing is changed
 * unless every file is valid), read the namespace, plan, and unless it is a dry
 * run or there is nothing to do, take the namespace lock, read and plan again
 * under it (the namespace may have changed while waiting), apply, check that the
 * namespace is in a safe state, and release the lock.
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
  // A single-user server ignores the namespace of lists and experiments (ReplaceNamespace), so the team's is
  // always sent; only a v2 recurring run's must be left out there (see apply).
  const namespace = connection.namespace;
  if (options.forceUnlock) {
    print(await forceUnlock(client, namespace, options.forceUnlock));
    return { exitCode: 0 };
  }

  const prune: PruneMode = options.pruneDelete ? 'delete' : options.prune ? 'disable' : 'off';
  const desired = { ...desiredState(config, validated.resolved), namespace };
  const v2Runs = desired.recurringRuns.filter((r) => r.spec.pipeline.sdk === 'v2').map((r) => r.name);
  if (v2Runs.length > 0 && !(await client.servesV2())) {
    throw new ReconcileError(
      `${connection.host} does not serve the KFP v2beta1 API (a KFP 1.x server), so it cannot run the KFP v2 pipelines of ${v2Runs.join(', ')}; nothing was changed. Deploy them to a KFP 2.x server, or render them with sdk: v1.`,
    );
  }
  const now = input.now ?? (() => new Date());
  // One paged listing of each: the plan needs nothing else from the cluster.
  const readNamespace = async (): Promise<ActualState> => {
    const [experiments, jobs] = await Promise.all([client.listExperiments(namespace), client.listJobs(namespace)]);
    return { experiments, jobs };
  };
  const links = { job: (id: string) => client.jobUrl(id), experiment: (id: string) => client.experimentUrl(id), host: connection.host };
  const team = relative(input.sources.workspaceRoot, input.folder).split(sep).join('/') || '.';

  const lockOptions = (waitMs: number) => ({
    namespace,
    holder: input.holder ?? describeHolder(input.env, userInfo().username, hostname(), process.pid),
    ttlMs: (options.lockTtl ?? DEFAULT_LOCK_TTL) * 1000,
    waitMs,
    log: (line: string) => print(line),
  });
  // The plan to apply: a saved one (checked against git now), or one made now.
  let fixed: { plan: ReconcilePlan; clusterFingerprint: string; made: string } | undefined;
  if (options.plan) {
    const saved = await readSavedPlan(options.plan);
    if (options.dryRun) {
      await report.plan(saved.plan, links);
      return { exitCode: 0, plan: saved.plan };
    }
    checkSavedPlanFits(saved, { team, namespace, host: connection.host, gitFingerprint: gitFingerprint(desired) });
    fixed = { plan: saved.plan, clusterFingerprint: saved.clusterFingerprint, made: `the plan in ${options.plan} (made ${saved.createdAt})` };
    report.applying(saved.plan, links, { planShown: false });
  } else {
    const actual = await readNamespace();
    const plan = planReconcile(desired, actual, { now: now(), prune });
    if (options.out) {
      await writeSavedPlan(options.out, { team, ...(namespace ? { namespace } : {}), host: connection.host, createdAt: now().toISOString(), gitFingerprint: gitFingerprint(desired), clusterFingerprint: clusterFingerprint(withoutLock(actual)), plan });
    }
    if (options.dryRun || !plan.hasChanges) {
      await report.plan(plan, links);
      if (options.out) print(`Saved the plan to ${options.out}; apply exactly it with: reconcile --plan ${options.out}`);
      // A reconcile killed after its last change leaves its lock; once expired, the next reconcile clears it
      // even when it has nothing else to do (taking it over as any reconcile would, then releasing it).
      // The lock's clock is the machine's (its records are compared with the real time by every reconcile).
      if (!options.dryRun && plan.lock && Date.parse(plan.lock.until) <= Date.now()) {
        // Another reconcile taking it over first is as good: nothing is left for this one to clear.
        const lock = await NamespaceLock.acquire(client, lockOptions(0)).catch((error: unknown) => {
          if (error instanceof LockHeldError) return undefined;
          throw error;
        });
        await lock?.release();
      }
      return { exitCode: options.dryRun && options.detailedExitcode && plan.hasChanges ? 2 : 0, plan };
    }
    if (input.confirm) {
      // What a person agrees to is what is applied, or nothing (when the namespace changed meanwhile).
      await report.plan(plan, links);
      if (!(await input.confirm(`Apply these changes to ${namespace ? `namespace "${namespace}"` : 'the KFP server'} at ${connection.host}? Only "yes" applies them: `))) {
        print('Cancelled; nothing was changed.');
        return { exitCode: 1, plan };
      }
      fixed = { plan, clusterFingerprint: clusterFingerprint(withoutLock(actual)), made: 'the plan you confirmed' };
      report.applying(plan, links, { planShown: true });
    }
  }

  const lock = await NamespaceLock.acquire(client, lockOptions((options.lockTimeout ?? 0) * 1000));
  try {
    // Under the lock, read the namespace again: it may have changed while waiting (or since a plan was made).
    // The lock seen now is this reconcile's own, so the plan does not report it.
    const actual = withoutLock(await readNamespace());
    let plan: ReconcilePlan;
    if (fixed) {
      if (clusterFingerprint(actual) !== fixed.clusterFingerprint) {
        throw new ReconcileError(`The namespace changed since ${fixed.made}; nothing was changed. Make a new plan and review it again.`);
      }
      plan = fixed.plan;
    } else {
      plan = planReconcile(desired, actual, { now: now(), prune });
      if (!plan.hasChanges) {
        await report.plan(plan, links);
        return { exitCode: 0, plan };
      }
      report.applying(plan, links, { planShown: false });
    }
    const applied = await applyPlan(plan, client, {
      concurrency: options.concurrency ?? DEFAULT_APPLY_CONCURRENCY,
      onStep: (event) => report.step(event),
      beforeStep: () => lock.ensureHeld(),
      namespace,
      // Asked only when a v2 recurring run is created: its namespace is refused by a single-user server.
      multiUser: plan.recurringRuns.some((r) => r.steps.some((s) => s.op === 'createJob' && s.spec.pipeline.sdk === 'v2')) ? (await client.healthz()).multiUser : undefined,
    });
    // Whatever happened (faults, a change by hand meanwhile), the namespace must end in a safe state.
    const violations = invariantViolations(plan, await client.listJobs(namespace));
    await report.applied(plan, links, applied, violations);
    return { exitCode: applied.ok && violations.length === 0 ? 0 : 1, plan, applied, violations };
  } finally {
    // What was applied stands; a lock that could not be removed only delays the next reconcile until it expires.
    await lock.release().catch((error: unknown) =>
      print(
        `warning: could not release the lock ${lock.record.id} of ${namespace ? `namespace "${namespace}"` : 'the KFP server'} (${(error as Error).message}); ` +
          `it expires at ${lock.record.until}, or remove it now with: kfp-reconcile force-unlock <team-folder> ${lock.record.id}`,
      ),
    );
  }
}

/** A saved plan applies to the team, namespace and server it was made for, and only while git is as it was. */
function checkSavedPlanFits(saved: SavedPlan, now: { team: string; namespace?: string; host: string; gitFingerprint: string }): void {
  if (saved.team !== now.team) throw new ReconcileError(`The plan was made for ${saved.team}, not ${now.team}; nothing was changed.`);
  if ((saved.namespace ?? '') !== (now.namespace ?? '') || saved.host !== now.host) {
    throw new ReconcileError(`The plan was made for namespace "${saved.namespace ?? ''}" at ${saved.host}, not "${now.namespace ?? ''}" at ${now.host}; nothing was changed.`);
  }
  if (saved.gitFingerprint !== now.gitFingerprint) {
    throw new ReconcileError(`The team files, or a pipeline or parameter they name, changed since the plan was made (${saved.createdAt}); nothing was changed. Make a new plan and review it again.`);
  }
}

function withoutLock(actual: ActualState): ActualState {
  return { ...actual, experiments: actual.experiments.filter((e) => e.name !== LOCK_EXPERIMENT) };
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
