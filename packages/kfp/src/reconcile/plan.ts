import type { Experiment } from '../kfp-client/model';
import { LOCK_EXPERIMENT, parseLockRecord } from '../lock/lock-record';
import { nextFireTimes } from '../schedule/next-fire-times';
import { isoSeconds } from '../utils/iso-seconds';
import { applyRequests } from './apply-requests';
import { jobDifferences, pipelineComparer, type PipelineComparer } from './compare-job';
import type {
  ActualState,
  DesiredRecurringRun,
  DesiredState,
  ExperimentChange,
  PruneMode,
  ReconcilePlan,
  RecurringRunChange,
  Step,
  UnmanagedChange,
  VersionRef,
} from './model';
import { groupVersions, nextVersionName, withoutDuplicates, type VersionedJob } from './versions';

export interface PlanOptions {
  /** When new versions are named. */
  now: Date;
  prune: PruneMode;
}

/**
 * The reconcile plan: a pure function of what git declares and what the
 * cluster has. Each change carries its steps in the safe order: experiments
 * first; per recurring run, create the new version disabled, disable every
 * other enabled version, enable the newest if wanted, then delete versions
 * beyond keep_history (never the newest).
 */
export function planReconcile(desired: DesiredState, actual: ActualState, options: PlanOptions): ReconcilePlan {
  // The namespace lock is an experiment of a reserved name: reported, never reconciled.
  const lockExperiment = actual.experiments.find((e) => e.name === LOCK_EXPERIMENT);
  actual = { ...actual, experiments: actual.experiments.filter((e) => e !== lockExperiment) };
  const experiments = desired.experiments.map((e) => planExperiment(e, actual.experiments));
  const experimentIds = new Map(actual.experiments.map((e) => [e.name, e.id]));
  const { byName, others } = groupVersions(actual.jobs);
  const taken = new Set(actual.jobs.map((j) => j.name));
  const compare = pipelineComparer();
  const recurringRuns = desired.recurringRuns.map((run) => planRecurringRun(run, byName.get(run.name) ?? [], experimentIds, taken, options.now, compare));
  const declared = new Set(desired.recurringRuns.map((r) => r.name));
  const unmanaged = [...byName]
    .filter(([name]) => !declared.has(name))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, versions]) => planUnmanaged(name, versions, options.prune));
  const lock = lockExperiment ? (parseLockRecord(lockExperiment.description) ?? { id: lockExperiment.id, holder: 'unknown (not written by kfp-gitops)', since: '', until: '' }) : undefined;
  const plan = finish({ namespace: desired.namespace, experiments, recurringRuns, unmanaged, otherJobs: others.length, ...(lock ? { lock } : {}) });
  return { ...plan, applyRequests: applyRequests(plan, actual) };
}

function planExperiment(desired: { name: string; description: string }, existing: Experiment[]): ExperimentChange {
  const found = existing.find((e) => e.name === desired.name);
  if (!found) return { name: desired.name, action: 'create', warnings: [], steps: [{ op: 'createExperiment', experiment: desired.name, description: desired.description }] };
  const warnings =
    (found.description ?? '') !== desired.description
      ? [`description differs (${JSON.stringify(found.description)} in the cluster, ${JSON.stringify(desired.description)} in git); KFP cannot update an experiment, so it stays as it is`]
      : [];
  if (found.storageState === 'archived') {
    return { name: desired.name, action: 'unarchive', id: found.id, warnings, steps: [{ op: 'unarchiveExperiment', experiment: desired.name, id: found.id }] };
  }
  return { name: desired.name, action: 'none', id: found.id, warnings, steps: [] };
}

function planRecurringRun(
  run: DesiredRecurringRun,
  allVersions: VersionedJob[],
  experimentIds: ReadonlyMap<string, string>,
  taken: Set<string>,
  now: Date,
  compare: PipelineComparer,
): RecurringRunChange {
  const { versions, duplicates } = withoutDuplicates(allVersions);
  const newest = versions[0];
  const current = newest ? ref(newest) : undefined;
  const change: RecurringRunChange = { name: run.name, action: 'none', enabled: run.enabled, source: run.source, current, differences: [], drift: [], steps: [] };
  // Extra copies of a version go first, so that what follows sees one of each.
  for (const { job, kept } of duplicates) {
    change.drift.push(`version ${job.name} exists more than once: keep ${kept.id}${kept.enabled ? ' (enabled)' : ''}, delete ${job.id}`);
    change.steps.push({ op: 'deleteJob', version: job.name, id: job.id, reason: `duplicate of ${kept.id}` });
  }
  if (newest) change.differences = jobDifferences(run.spec, newest, experimentIds, compare);
  const needsVersion = !newest || change.differences.length > 0;

  // The versions in the order they will be after this plan, newest first.
  const after: Array<VersionRef & { created?: boolean }> = versions.map(ref);
  if (needsVersion) {
    change.newVersion = nextVersionName(run.name, now, taken);
    taken.add(change.newVersion);
    change.steps.push({ op: 'createJob', version: change.newVersion, spec: run.spec });
    after.unshift({ id: '', name: change.newVersion, enabled: false, created: true });
  }
  const [head, ...older] = after;

  for (const version of older) {
    if (!version.enabled) continue;
    const replaced = needsVersion && version === after[1];
    if (!replaced) change.drift.push(`older version ${version.name} is enabled (only the newest should be): disable it`);
    change.steps.push({ op: 'disableJob', version: version.name, id: version.id, reason: replaced ? 'replaced by the new version' : 'older version left enabled' });
  }
  if (run.enabled && !head.enabled) {
    if (!head.created) change.drift.push(`newest version ${head.name} is disabled but enabled: true: enable it`);
    change.steps.push({ op: 'enableJob', version: head.name, ...(head.created ? {} : { id: head.id }) });
  }
  if (!run.enabled && head.enabled) {
    change.steps.push({ op: 'disableJob', version: head.name, id: head.id, reason: 'enabled: false' });
  }
  if (run.keepHistory >= 0) {
    for (const version of older.slice(run.keepHistory)) {
      change.steps.push({ op: 'deleteJob', version: version.name, id: version.id, reason: `beyond keep_history ${run.keepHistory}` });
    }
  }

  change.action = !newest
    ? 'create'
    : needsVersion
      ? 'update'
      : change.steps.some((s) => s.op === 'enableJob')
        ? 'enable'
        : change.steps.some((s) => s.op === 'disableJob' && s.version === head.name)
          ? 'disable'
          : change.steps.length > 0
            ? 'cleanup'
            : 'none';
  // When a new or re-enabled version will fire: a reviewer sees at once what a cron expression means.
  if (run.enabled && (change.action === 'create' || change.action === 'update' || change.action === 'enable')) {
    change.nextRuns = nextFireTimes(run.spec.trigger, now, 3).map((t) => isoSeconds(t.getTime()));
  }
  return change;
}

function planUnmanaged(name: string, versions: VersionedJob[], prune: PruneMode): UnmanagedChange {
  const refs = versions.map(ref);
  if (prune === 'delete') {
    return { name, versions: refs, action: 'delete', steps: refs.map((v) => ({ op: 'deleteJob', version: v.name, id: v.id, reason: 'no longer declared (--prune-delete)' })) };
  }
  if (prune === 'disable') {
    const steps: Step[] = refs.filter((v) => v.enabled).map((v) => ({ op: 'disableJob', version: v.name, id: v.id, reason: 'no longer declared (--prune)' }));
    return { name, versions: refs, action: steps.length > 0 ? 'disable' : 'report', steps };
  }
  return { name, versions: refs, action: 'report', steps: [] };
}

function ref(job: { id: string; name: string; enabled: boolean }): VersionRef {
  return { id: job.id, name: job.name, enabled: job.enabled };
}

/**
 * Counts as a person reads them: a new experiment or recurring run is one to
 * add (its first version is created paused and then enabled, still one
 * thing); an updated, enabled, disabled or repaired recurring run, an
 * unarchived experiment and a pruned run are one to change each; every
 * version deleted is one to delete.
 */
function finish(plan: Omit<ReconcilePlan, 'summary' | 'hasChanges'>): ReconcilePlan {
  const steps = [...plan.experiments, ...plan.recurringRuns, ...plan.unmanaged].flatMap((c) => c.steps);
  const changesOtherThanDeletes = (c: { steps: Step[] }) => c.steps.some((s) => s.op !== 'deleteJob');
  const summary = {
    add: plan.experiments.filter((c) => c.action === 'create').length + plan.recurringRuns.filter((c) => c.action === 'create').length,
    change:
      plan.experiments.filter((c) => c.action === 'unarchive').length +
      plan.recurringRuns.filter((c) => c.action !== 'create' && c.action !== 'none' && changesOtherThanDeletes(c)).length +
      plan.unmanaged.filter((c) => c.action === 'disable').length,
    delete: steps.filter((s) => s.op === 'deleteJob').length,
    unchanged: [...plan.experiments, ...plan.recurringRuns].filter((c) => c.steps.length === 0).length,
  };
  return { ...plan, summary, hasChanges: steps.length > 0 };
}
