/**
 * The emulator's stored objects. Times are emulated-clock milliseconds; the wire format
 * shows whole seconds. `seq` is a global creation counter (lists order by UUID within a
 * second, as the server does; `seq` only picks a pipeline's latest version).
 */
export type StorageState = 'AVAILABLE' | 'ARCHIVED';

export type RunStatus = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Terminating' | 'Skipped';

export interface StoredParameter {
  name: string;
  value: string;
}

/**
 * model.PipelineSpec: where a run or job gets its pipeline. `workflowManifest` is an Argo workflow (v1);
 * `pipelineManifest` a pipeline spec (the v2 IR, YAML, a platform spec after a `---` line), as the
 * server stores them; `parameters` are v1 parameters, `runtimeConfig.parameters` typed v2 values.
 */
export interface StoredPipelineSpec {
  pipelineId?: string;
  pipelineName?: string;
  workflowManifest?: string;
  pipelineManifest?: string;
  parameters: StoredParameter[];
  runtimeConfig?: { parameters?: Record<string, unknown>; pipelineRoot?: string };
}

export interface StoredExperiment {
  id: string;
  seq: number;
  name: string;
  description: string;
  namespace: string;
  createdMs: number;
  storageState: StorageState;
  /** When its latest run was created (2.14's ExperimentStore.SetLastRunTimestamp; only 2.14's v2beta1 shows it). */
  lastRunCreatedMs?: number;
}

/** A state a run was in, and since when (RunDetails.StateHistory). */
export interface StoredRunState {
  status: RunStatus;
  atMs: number;
}

export interface StoredRun {
  id: string;
  seq: number;
  name: string;
  description: string;
  namespace: string;
  experimentId: string;
  jobId?: string;
  pipelineVersionId?: string;
  serviceAccount: string;
  pipelineSpec: StoredPipelineSpec;
  /** The workflow as the server would have submitted it (parameters and SA applied), JSON. */
  runtimeManifest: string;
  createdMs: number;
  scheduledMs: number;
  finishedMs?: number;
  /** When the lifecycle last changed phase (drives the clock). */
  phaseSinceMs: number;
  status: RunStatus;
  /** Every state the run was reported in, oldest first (v2beta1 shows it as `state_history`). */
  stateHistory?: StoredRunState[];
  storageState: StorageState;
  error?: string;
  metrics?: { name: string; node_id: string; number_value: number; format: string }[];
}

export interface StoredTrigger {
  cron?: { cron: string; startMs?: number; endMs?: number };
  periodic?: { intervalSecond: string; startMs?: number; endMs?: number };
}

/** What the persistence agent last reported for a job (from its ScheduledWorkflow's condition). */
export type JobStatus = 'STATUS_UNSPECIFIED' | 'ENABLED' | 'DISABLED';

export interface StoredJob {
  id: string;
  seq: number;
  name: string;
  // `namespace` is the ScheduledWorkflow's: the experiment's, or `kubeflow` (the server's own) in single-user mode.
  /** Name of the job's ScheduledWorkflow (the job name made k8s-safe, cut to 25 characters, plus 5 random). */
  swfName: string;
  description: string;
  namespace: string;
  experimentId: string;
  pipelineVersionId?: string;
  serviceAccount: string;
  pipelineSpec: StoredPipelineSpec;
  /** int64 as a decimal string, as on the wire. */
  maxConcurrency: string;
  trigger?: StoredTrigger;
  enabled: boolean;
  noCatchup: boolean;
  createdMs: number;
  updatedMs: number;
  /** Status as the persistence agent last reported it; the API server itself never sets it. */
  status: JobStatus;
  /** When the persistence agent reports the ScheduledWorkflow next (after the controller changed it). */
  reportDueMs?: number;
  /** The controller's record: index and scheduled time (epoch seconds) of the last workflow it created. */
  lastIndex: number;
  lastTriggeredSec?: number;
}

export interface StoredPipeline {
  id: string;
  seq: number;
  name: string;
  /** 2.14 keeps a display name beside the name (it defaults to the name). */
  displayName?: string;
  description: string;
  namespace: string;
  createdMs: number;
  defaultVersionId?: string;
}

export interface StoredPipelineVersion {
  id: string;
  seq: number;
  pipelineId: string;
  name: string;
  /** 2.14 keeps a display name beside the name (it defaults to the name). */
  displayName?: string;
  description: string;
  createdMs: number;
  /** The uploaded pipeline document, as text. */
  template: string;
  parameters: { name: string; value?: string }[];
  codeSourceUrl?: string;
  packageUrl?: string;
}

export interface EmulatorState {
  formatVersion: 1;
  /** Last used creation sequence number. */
  seq: number;
  /** Emulated time up to which runs, schedules and status reports have been brought. */
  simulatedUntilMs?: number;
  experiments: StoredExperiment[];
  pipelines: StoredPipeline[];
  pipelineVersions: StoredPipelineVersion[];
  runs: StoredRun[];
  jobs: StoredJob[];
}

export function emptyState(): EmulatorState {
  return { formatVersion: 1, seq: 0, experiments: [], pipelines: [], pipelineVersions: [], runs: [], jobs: [] };
}
