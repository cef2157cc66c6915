import { bool, int64, message, repeated, str, struct, timestamp } from './field-types';
import type { MessageSchema } from './message-schema';
import { TriggerSchema, type TriggerInput } from './trigger-messages';

/**
 * v2beta1 request message schemas (field names as in backend/api/v2beta1/*.proto at 2.1.0, with the
 * fields 2.14.0 adds) and their decoded shapes.
 */

export const RUN_STORAGE_STATES = ['STORAGE_STATE_UNSPECIFIED', 'AVAILABLE', 'ARCHIVED'] as const;
export const RUNTIME_STATES = ['RUNTIME_STATE_UNSPECIFIED', 'PENDING', 'RUNNING', 'SUCCEEDED', 'SKIPPED', 'FAILED', 'CANCELING', 'CANCELED', 'PAUSED'] as const;
export const RECURRING_RUN_MODES = ['MODE_UNSPECIFIED', 'ENABLE', 'DISABLE'] as const;
/** Number 2 is not used. */
export const RECURRING_RUN_STATUSES = ['STATUS_UNSPECIFIED', 'ENABLED', '', 'DISABLED'] as const;

export const RuntimeConfigSchema: MessageSchema = { name: 'RuntimeConfig', fields: { parameters: struct, pipeline_root: str } };
const PipelineVersionReferenceSchema: MessageSchema = { name: 'PipelineVersionReference', fields: { pipeline_id: str, pipeline_version_id: str } };
const PIPELINE_SOURCE = ['pipeline_version_id', 'pipeline_spec', 'pipeline_version_reference'];

export const ExperimentSchema: MessageSchema = {
  name: 'Experiment',
  fields: {
    experiment_id: str,
    display_name: str,
    description: str,
    created_at: timestamp,
    namespace: str,
    storage_state: { kind: 'enum', values: RUN_STORAGE_STATES },
    last_run_created_at: timestamp,
  },
};

const RuntimeStatusSchema: MessageSchema = {
  name: 'RuntimeStatus',
  fields: { update_time: timestamp, state: { kind: 'enum', values: RUNTIME_STATES }, error: struct },
};

export const RunSchema: MessageSchema = {
  name: 'Run',
  fields: {
    experiment_id: str,
    run_id: str,
    display_name: str,
    storage_state: { kind: 'enum', values: RUN_STORAGE_STATES },
    description: str,
    pipeline_version_id: str,
    pipeline_spec: struct,
    pipeline_version_reference: message(() => PipelineVersionReferenceSchema),
    runtime_config: message(() => RuntimeConfigSchema),
    service_account: str,
    created_at: timestamp,
    scheduled_at: timestamp,
    finished_at: timestamp,
    state: { kind: 'enum', values: RUNTIME_STATES },
    error: struct,
    run_details: struct,
    recurring_run_id: str,
    state_history: repeated(() => RuntimeStatusSchema),
  },
  oneofs: [PIPELINE_SOURCE],
};

export const RecurringRunSchema: MessageSchema = {
  name: 'RecurringRun',
  fields: {
    recurring_run_id: str,
    display_name: str,
    description: str,
    pipeline_version_id: str,
    pipeline_spec: struct,
    pipeline_version_reference: message(() => PipelineVersionReferenceSchema),
    runtime_config: message(() => RuntimeConfigSchema),
    service_account: str,
    max_concurrency: int64,
    trigger: message(() => TriggerSchema),
    mode: { kind: 'enum', values: RECURRING_RUN_MODES },
    created_at: timestamp,
    updated_at: timestamp,
    status: { kind: 'enum', values: RECURRING_RUN_STATUSES },
    error: struct,
    no_catchup: bool,
    namespace: str,
    experiment_id: str,
  },
  oneofs: [PIPELINE_SOURCE],
};

export const PipelineSchema: MessageSchema = {
  name: 'Pipeline',
  fields: { pipeline_id: str, display_name: str, name: str, description: str, created_at: timestamp, namespace: str, error: struct },
};
const UrlSchema: MessageSchema = { name: 'Url', fields: { pipeline_url: str } };
export const PipelineVersionSchema: MessageSchema = {
  name: 'PipelineVersion',
  fields: {
    pipeline_id: str,
    pipeline_version_id: str,
    display_name: str,
    name: str,
    description: str,
    created_at: timestamp,
    package_url: message(() => UrlSchema),
    code_source_url: str,
    pipeline_spec: struct,
    error: struct,
  },
};
/** POST /pipelines/create takes the whole request as its body. */
export const CreatePipelineAndVersionSchema: MessageSchema = {
  name: 'CreatePipelineAndVersionRequest',
  fields: { pipeline: message(() => PipelineSchema), pipeline_version: message(() => PipelineVersionSchema) },
};

// Decoded shapes (the decoder guarantees these types for whatever fields are present).
export interface RuntimeConfigInput {
  parameters?: Record<string, unknown>;
  pipeline_root?: string;
}
interface PipelineSourceInput {
  pipeline_spec?: Record<string, unknown>;
  pipeline_version_reference?: { pipeline_id?: string; pipeline_version_id?: string };
  runtime_config?: RuntimeConfigInput;
}
export interface ExperimentInput {
  display_name?: string;
  description?: string;
  namespace?: string;
}
export interface RunInput extends PipelineSourceInput {
  experiment_id?: string;
  display_name?: string;
  description?: string;
  service_account?: string;
}
export interface RecurringRunInput extends PipelineSourceInput {
  display_name?: string;
  description?: string;
  service_account?: string;
  max_concurrency?: string;
  trigger?: TriggerInput;
  mode?: (typeof RECURRING_RUN_MODES)[number];
  no_catchup?: boolean;
  namespace?: string;
  experiment_id?: string;
}
export interface PipelineInput {
  display_name?: string;
  name?: string;
  description?: string;
  namespace?: string;
}
export interface PipelineVersionInput {
  pipeline_id?: string;
  display_name?: string;
  name?: string;
  description?: string;
  package_url?: { pipeline_url?: string };
  code_source_url?: string;
}
