// The reconcile core's data: what git declares (desired), what the cluster has
// (actual), and the plan between them. Plain data, so the planner is a pure
// function and a plan can be printed, serialised or applied.

import type { Experiment, Job } from '../kfp-client/model';
import type { LockRecord } from '../lock/lock-record';
import type { Trigger } from '../schedule/trigger';

/** Everything a version of a recurring run is created with, and compared on. */
export interface JobSpec {
  description: string | null;
  /** Experiment name (its id is looked up at apply time). */
  experiment: string;
  maxConcurrency: number;
  /** Always set: the run's own, or the team default the server would fill in. */
  serviceAccount: string;
  noCatchup: boolean;
  trigger: Trigger;
  pipeline: DesiredPipeline;
}

/**
 * What a version runs, in its SDK's terms: a v1 Argo Workflow with text
 * parameters (names sanitised as the v1 SDK sends them), or a v2 pipeline IR
 * (and platform spec) with typed parameter values.
 */
export type DesiredPipeline =
  | { sdk: 'v1'; workflow: unknown; parameters: Record<string, string> }
  | { sdk: 'v2'; spec: unknown; platformSpec?: unknown; parameters: Record<string, unknown> };

export interface DesiredRecurringRun {
  name: string;
  enabled: boolean;
  keepHistory: number;
  spec: JobSpec;
  /** Where the pipeline came from, for the plan. */
  source: string;
}

export interface DesiredState {
  namespace?: string;
  experiments: Array<{ name: string; description: string }>;
  recurringRuns: DesiredRecurringRun[];
}

export interface ActualState {
  experiments: Experiment[];
  jobs: Job[];
}

export interface VersionRef {
  id: string;
  name: string;
  enabled: boolean;
}

export type Step =
  | { op: 'createExperiment'; experiment: string; description: string }
  | { op: 'unarchiveExperiment'; experiment: string; id: string }
  | { op: 'createJob'; version: string; spec: JobSpec }
  | { op: 'enableJob'; version: string; id?: string }
  | { op: 'disableJob'; version: string; id: string; reason: string }
  | { op: 'deleteJob'; version: string; id: string; reason: string };

/** A field of the newest version that differs from git: the two values as they are (JSON-ready). */
export type FieldDifference =
  | { field: string; actual: unknown; desired: unknown }
  /** The workflow (v1) or pipeline (v2): too large to show; the paths that differ (at most five) and how many there are. */
  | { field: 'workflow' | 'pipeline'; paths: string[]; count: number };

export interface ExperimentChange {
  name: string;
  action: 'create' | 'unarchive' | 'none';
  id?: string;
  /** Things reconcile cannot change (experiments cannot be updated). */
  warnings: string[];
  steps: Step[];
}

export interface RecurringRunChange {
  name: string;
  /** create: no version yet; update: a new version; enable/disable: the newest version's state; cleanup: drift or history only. */
  action: 'create' | 'update' | 'enable' | 'disable' | 'cleanup' | 'none';
  enabled: boolean;
  source: string;
  /** The newest version in the cluster. */
  current?: VersionRef;
  /** The version this plan creates. */
  newVersion?: string;
  differences: FieldDifference[];
  /** Found in the cluster and fixed by this plan (changed outside git). */
  drift: string[];
  /** When the version this plan leaves enabled fires next (up to three, RFC 3339 UTC), if it is created or enabled now. */
  nextRuns?: string[];
  steps: Step[];
}

export interface UnmanagedChange {
  name: string;
  versions: VersionRef[];
  action: 'report' | 'disable' | 'delete';
  steps: Step[];
}

export interface PlanSummary {
  /** Experiments and recurring runs to create. */
  add: number;
  /** Recurring runs updated (a new version), enabled, disabled or repaired; experiments unarchived; runs pruned. */
  change: number;
  /** Versions to delete. */
  delete: number;
  /** Experiments and recurring runs left as they are. */
  unchanged: number;
}

export interface ReconcilePlan {
  namespace?: string;
  experiments: ExperimentChange[];
  recurringRuns: RecurringRunChange[];
  unmanaged: UnmanagedChange[];
  /** Jobs that are not versions made by git (e.g. MANUAL:: or hand-made): never touched. */
  otherJobs: number;
  /** The namespace lock when the plan was made: another reconcile is (or was, if it expired) changing the namespace. */
  lock?: LockRecord;
  summary: PlanSummary;
  hasChanges: boolean;
  /** API requests applying the plan makes (see applyRequests); absent in plans saved by older versions. */
  applyRequests?: number;
}

export type PruneMode = 'off' | 'disable' | 'delete';
