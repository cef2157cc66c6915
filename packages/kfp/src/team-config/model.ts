// The normalised team configuration: every default applied, every inherited
// source key filled in, dates in the server's format. This is what the
// reconcile planner compares with the cluster.

import type { FileSourceRef, PipelineSourceRef } from '../pipeline-sources/source-ref';
import type { Trigger } from '../schedule/trigger';
import type { AuthMethod, DexConnector } from './schemas/team-settings';

export type { FileSourceRef, PipelineSourceRef } from '../pipeline-sources/source-ref';

export interface TeamConfig {
  /** The team folder, workspace-relative with POSIX separators (e.g. `teams/team-1`). */
  folder: string;
  /** The team folder, absolute. */
  folderPath: string;
  /** The KFP namespace (profile) this folder is the truth for. */
  namespace: string;
  experiments: ExperimentSpec[];
  recurringRuns: RecurringRunSpec[];
  settings: TeamSettings;
}

export interface ExperimentSpec {
  name: string;
  /** '' when absent (what the server returns for no description). */
  description: string;
}

/** Where an entry is written, for messages and plans. */
export interface SourcePosition {
  /** Workspace-relative file. */
  file: string;
  line: number;
  column: number;
}

export interface RecurringRunSpec {
  /** The job's logical name; versions are KFP jobs named `GIT::<name>__<timestamp>`. */
  name: string;
  enabled: boolean;
  description: string | null;
  /** Experiment name, declared in experiments.yaml. */
  experiment: string;
  /** 1..10. */
  maxConcurrency: number;
  /** null: the server default, `settings.defaultServiceAccount`. */
  serviceAccount: string | null;
  /** Number of non-latest versions to keep: 0 keeps none, -1 keeps all. */
  keepHistory: number;
  catchup: boolean;
  trigger: Trigger;
  pipelineSource: PipelineSourceRef;
  parameters: ParameterSpec[];
  /** Position of the entry in recurring_runs (0-based) and in its file. */
  index: number;
  origin: SourcePosition;
}

/** A value as a team file writes it: text (the reference format), or a YAML number, boolean, list or mapping (typed v2 parameters). */
export type ParameterValue = string | number | boolean | unknown[] | Record<string, unknown>;

/** A literal value (with its source text when it is not a string, e.g. `0777`), or a file whose whole content is the value. */
export type ParameterSpec = { name: string; value: ParameterValue; sourceText?: string } | { name: string; valueFrom: FileSourceRef };

export interface TeamSettings {
  /** kfp-team.yaml, workspace-relative, or null when the folder has none. */
  file: string | null;
  namespace: string;
  /** What the server fills in for a job without a service account. */
  defaultServiceAccount: string;
  githubApiUrl: string | null;
  defaultEnvironment: string | null;
  environments: Record<string, TeamEnvironment>;
}

export interface TeamEnvironment {
  name: string;
  /** KFP API base URL. */
  host: string;
  /** Defaults to the team namespace. */
  namespace: string;
  uiUrl: string | null;
  /** method null: detect credentials from the environment (KFP_TOKEN, KFP_TOKEN_PATH, KFP_COOKIE, DEX_USERNAME/DEX_PASSWORD). */
  auth: { method: AuthMethod | null; /** Absolute. */ tokenPath: string | null; dexConnector: DexConnector };
  /** Absolute. */
  caFile: string | null;
  skipTlsVerify: boolean;
}
