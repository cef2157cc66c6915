/*
 * Domain types returned by the client: camelCase, numbers for int64, booleans
 * defaulting to false, lists defaulting to [], and times as Date (undefined
 * when the server sent nothing or the epoch-0 placeholder).
 */

export type StorageState = 'available' | 'archived';

export interface Healthz {
  commitSha?: string;
  tagName?: string;
  multiUser: boolean;
}

export interface Experiment {
  id: string;
  name: string;
  description: string;
  /** The owning profile namespace; undefined in single-user mode. */
  namespace?: string;
  createdAt?: Date;
  storageState: StorageState;
}

export interface Run {
  id: string;
  name: string;
  description: string;
  experimentId?: string;
  namespace?: string;
  /** Set when the run was started by a recurring run. */
  jobId?: string;
  pipelineId?: string;
  pipelineVersionId?: string;
  serviceAccount?: string;
  /** v1 status string (`Pending`, `Running`, `Succeeded`, `Failed`, ...); undefined right after create on 1.8. */
  status?: string;
  error?: string;
  createdAt?: Date;
  scheduledAt?: Date;
  finishedAt?: Date;
  storageState: StorageState;
  /** The Argo Workflow the run was created from (parsed), when it was sent inline. */
  workflowManifest?: unknown;
  parameters: Record<string, string>;
}

/** A run as returned by create and get: the run plus the live workflow, when the server reports it. */
export interface RunDetail extends Run {
  runtimeWorkflow?: unknown;
}

/** A v2 run: its state in v2beta1 words (PENDING, RUNNING, SUCCEEDED, FAILED, ...). */
export interface RunV2 {
  id: string;
  name: string;
  experimentId?: string;
  state?: string;
  error?: string;
  createdAt?: Date;
  finishedAt?: Date;
}

export interface ScheduleWindow {
  startTime?: Date;
  endTime?: Date;
}

export interface JobTrigger {
  /** robfig/cron v1 expression: seconds first, 6 fields. */
  cron?: ScheduleWindow & { expression: string };
  interval?: ScheduleWindow & { seconds: number };
}

export interface Job {
  id: string;
  name: string;
  description: string;
  experimentId?: string;
  namespace?: string;
  pipelineId?: string;
  pipelineVersionId?: string;
  serviceAccount?: string;
  maxConcurrency: number;
  noCatchup: boolean;
  enabled: boolean;
  trigger: JobTrigger;
  /** The Argo Workflow (parsed back from the JSON string); undefined for jobs made from a stored pipeline. */
  workflowManifest?: unknown;
  parameters: Record<string, string>;
  /** A v2 recurring run's pipeline IR as stored (YAML or JSON text). */
  pipelineManifest?: string;
  /** A v2 recurring run's typed parameter values. */
  runtimeParameters?: Record<string, unknown>;
  /**
   * Status as the persistence agent last reported it: STATUS_UNSPECIFIED until its first report, and
   * stale for a while after an enable or disable. Informative only; whether a job runs is `enabled`.
   */
  status?: string;
  error?: string;
  createdAt?: Date;
  updatedAt?: Date;
}

export interface PipelineParameter {
  name: string;
  /** Default value; undefined when the pipeline declares none. */
  value?: string;
}

export interface PipelineVersion {
  id: string;
  name: string;
  description: string;
  pipelineId?: string;
  createdAt?: Date;
  parameters: PipelineParameter[];
}

export interface Pipeline {
  id: string;
  name: string;
  description: string;
  namespace?: string;
  createdAt?: Date;
  parameters: PipelineParameter[];
  defaultVersion?: PipelineVersion;
}
