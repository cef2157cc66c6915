import type { KfpClient } from '../kfp-client/kfp-client';
import { mapLimited } from '../utils/concurrency';
import type { ReconcilePlan, Step } from './model';

export interface StepEvent {
  /** The experiment, recurring run or unmanaged job the step belongs to. */
  target: string;
  step: Step;
  status: 'done' | 'failed';
  /** Id of what the step created. */
  id?: string;
  error?: string;
}

export interface ApplyOptions {
  /** Recurring runs applied at the same time (each run's steps stay in order). */
  concurrency: number;
  onStep?: (event: StepEvent) => void;
  /** Called before every step; throwing stops (e.g. the namespace lock expired). */
  beforeStep?: () => void;
  /** The team's namespace. */
  namespace: string | undefined;
  /** Whether the server is multi-user: a v2 recurring run names its namespace only there. */
  multiUser?: boolean;
}

export interface ApplyResult {
  ok: boolean;
  events: StepEvent[];
}

/** What apply needs from the KFP client. */
export type ApplyClient = Pick<KfpClient, 'createExperiment' | 'unarchiveExperiment' | 'createJob' | 'createRecurringRunV2' | 'enableJob' | 'disableJob' | 'deleteJob'>;

/**
 * Executes a plan. Experiments go first (recurring runs need their ids); then
 * the recurring runs, independent of each other, in parallel up to the
 * concurrency, each strictly in its planned order. A failed step stops its own
 * run only; whatever state that leaves, the next reconcile converges from it.
 */
export async function applyPlan(plan: ReconcilePlan, client: ApplyClient, options: ApplyOptions): Promise<ApplyResult> {
  const events: StepEvent[] = [];
  const record = (event: StepEvent) => {
    events.push(event);
    options.onStep?.(event);
  };
  const experimentIds = new Map<string, string>();
  for (const change of plan.experiments) if (change.id) experimentIds.set(change.name, change.id);

  for (const change of plan.experiments) {
    const ok = await runSteps(change.name, change.steps, { client, namespace: options.namespace, multiUser: options.multiUser ?? true, experimentIds, beforeStep: options.beforeStep }, record);
    if (!ok) return { ok: false, events };
  }
  const groups = [...plan.recurringRuns, ...plan.unmanaged].filter((c) => c.steps.length > 0);
  const results = await mapLimited(groups, options.concurrency, (change) =>
    runSteps(change.name, change.steps, { client, namespace: options.namespace, multiUser: options.multiUser ?? true, experimentIds, beforeStep: options.beforeStep }, record),
  );
  return { ok: results.every(Boolean), events };
}

interface StepContext {
  client: ApplyClient;
  namespace?: string;
  multiUser: boolean;
  experimentIds: Map<string, string>;
  beforeStep?: () => void;
}

async function runSteps(target: string, steps: Step[], ctx: StepContext, record: (event: StepEvent) => void): Promise<boolean> {
  let created: string | undefined;
  for (const step of steps) {
    try {
      ctx.beforeStep?.();
      const id = await runStep(step, ctx, created);
      if (step.op === 'createJob') created = id;
      record({ target, step, status: 'done', ...(id ? { id } : {}) });
    } catch (error) {
      record({ target, step, status: 'failed', error: (error as Error).message });
      return false;
    }
  }
  return true;
}

async function runStep(step: Step, ctx: StepContext, createdJobId: string | undefined): Promise<string | undefined> {
  const { client } = ctx;
  switch (step.op) {
    case 'createExperiment': {
      const experiment = await client.createExperiment({ name: step.experiment, description: step.description, namespace: ctx.namespace });
      ctx.experimentIds.set(step.experiment, experiment.id);
      return experiment.id;
    }
    case 'unarchiveExperiment':
      await client.unarchiveExperiment(step.id);
      return undefined;
    case 'createJob': {
      const experimentId = ctx.experimentIds.get(step.spec.experiment);
      if (!experimentId) throw new Error(`experiment "${step.spec.experiment}" does not exist in the namespace`);
      const { spec } = step;
      const { schedule, startTime, endTime } = spec.trigger;
      const version = {
        name: step.version,
        ...(spec.description ? { description: spec.description } : {}),
        experimentId,
        namespace: ctx.namespace,
        // Always created paused: it is switched on only after the old version is off.
        enabled: false,
        maxConcurrency: spec.maxConcurrency,
        noCatchup: spec.noCatchup,
        serviceAccount: spec.serviceAccount,
        trigger: { schedule, ...(startTime ? { startTime } : {}), ...(endTime ? { endTime } : {}) },
      };
      const { pipeline } = spec;
      // A v2 pipeline is a v2beta1 recurring run; it is the same kind of row, so the other steps do not care.
      const job =
        pipeline.sdk === 'v1'
          ? await client.createJob({ ...version, workflowManifest: pipeline.workflow, parameters: pipeline.parameters })
          : await client.createRecurringRunV2({
              ...version,
              // A single-user server refuses a namespace that is not the experiment's (which has none).
              namespace: ctx.multiUser ? ctx.namespace : undefined,
              pipeline: { spec: pipeline.spec, ...(pipeline.platformSpec ? { platformSpec: pipeline.platformSpec } : {}) },
              parameters: pipeline.parameters,
            });
      return job.id;
    }
    case 'enableJob': {
      const id = step.id ?? createdJobId;
      if (!id) throw new Error(`no id for ${step.version}: its creation did not succeed`);
      await client.enableJob(id);
      return undefined;
    }
    case 'disableJob':
      await client.disableJob(step.id);
      return undefined;
    case 'deleteJob':
      await client.deleteJob(step.id);
      return undefined;
  }
}
