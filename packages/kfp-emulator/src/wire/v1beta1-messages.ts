import { bool, int64, message, repeated, str, struct, timestamp } from './field-types';
import type { MessageSchema } from './message-schema';
import { TriggerSchema, type TriggerInput } from './trigger-messages';

/** v1beta1 request message schemas (field names as in the .proto files) and their decoded shapes. */

export const RESOURCE_TYPES = ['UNKNOWN_RESOURCE_TYPE', 'EXPERIMENT', 'JOB', 'PIPELINE', 'PIPELINE_VERSION', 'NAMESPACE'] as const;
export const RELATIONSHIPS = ['UNKNOWN_RELATIONSHIP', 'OWNER', 'CREATOR'] as const;
export const EXPERIMENT_STORAGE_STATES = ['STORAGESTATE_UNSPECIFIED', 'STORAGESTATE_AVAILABLE', 'STORAGESTATE_ARCHIVED'] as const;
export const RUN_STORAGE_STATES = ['STORAGESTATE_AVAILABLE', 'STORAGESTATE_ARCHIVED'] as const;
export const JOB_MODES = ['UNKNOWN_MODE', 'ENABLED', 'DISABLED'] as const;
const METRIC_FORMATS = ['UNSPECIFIED', 'RAW', 'PERCENTAGE'] as const;

export type ResourceType = (typeof RESOURCE_TYPES)[number];
export type Relationship = (typeof RELATIONSHIPS)[number];

export const ResourceKeySchema: MessageSchema = {
  name: 'ResourceKey',
  fields: { type: { kind: 'enum', values: RESOURCE_TYPES }, id: str },
};
export const ResourceReferenceSchema: MessageSchema = {
  name: 'ResourceReference',
  fields: { key: message(() => ResourceKeySchema), name: str, relationship: { kind: 'enum', values: RELATIONSHIPS } },
};
export const ParameterSchema: MessageSchema = { name: 'Parameter', fields: { name: str, value: str } };
const RuntimeConfigSchema: MessageSchema = {
  name: 'PipelineSpec.RuntimeConfig',
  fields: { parameters: struct, pipeline_root: str },
};
export const PipelineSpecSchema: MessageSchema = {
  name: 'PipelineSpec',
  fields: {
    pipeline_id: str,
    pipeline_name: str,
    workflow_manifest: str,
    pipeline_manifest: str,
    parameters: repeated(() => ParameterSchema),
    runtime_config: message(() => RuntimeConfigSchema),
  },
};
export const ExperimentSchema: MessageSchema = {
  name: 'Experiment',
  fields: {
    id: str,
    name: str,
    description: str,
    created_at: timestamp,
    resource_references: repeated(() => ResourceReferenceSchema),
    storage_state: { kind: 'enum', values: EXPERIMENT_STORAGE_STATES },
  },
};
const RunMetricSchema: MessageSchema = {
  name: 'RunMetric',
  fields: { name: str, node_id: str, number_value: { kind: 'double' }, format: { kind: 'enum', values: METRIC_FORMATS } },
};
export const RunSchema: MessageSchema = {
  name: 'Run',
  fields: {
    id: str,
    name: str,
    storage_state: { kind: 'enum', values: RUN_STORAGE_STATES },
    description: str,
    pipeline_spec: message(() => PipelineSpecSchema),
    resource_references: repeated(() => ResourceReferenceSchema),
    service_account: str,
    created_at: timestamp,
    scheduled_at: timestamp,
    finished_at: timestamp,
    status: str,
    error: str,
    metrics: repeated(() => RunMetricSchema),
  },
};
export const ReportRunMetricsSchema: MessageSchema = {
  name: 'ReportRunMetricsRequest',
  fields: { run_id: str, metrics: repeated(() => RunMetricSchema) },
};
export const JobSchema: MessageSchema = {
  name: 'Job',
  fields: {
    id: str,
    name: str,
    description: str,
    pipeline_spec: message(() => PipelineSpecSchema),
    resource_references: repeated(() => ResourceReferenceSchema),
    service_account: str,
    max_concurrency: int64,
    trigger: message(() => TriggerSchema),
    mode: { kind: 'enum', values: JOB_MODES },
    created_at: timestamp,
    updated_at: timestamp,
    status: str,
    error: str,
    enabled: bool,
    no_catchup: bool,
  },
};
const UrlSchema: MessageSchema = { name: 'Url', fields: { pipeline_url: str } };
export const PipelineVersionSchema: MessageSchema = {
  name: 'PipelineVersion',
  fields: {
    id: str,
    name: str,
    created_at: timestamp,
    parameters: repeated(() => ParameterSchema),
    code_source_url: str,
    package_url: message(() => UrlSchema),
    resource_references: repeated(() => ResourceReferenceSchema),
    description: str,
  },
};
export const PipelineSchema: MessageSchema = {
  name: 'Pipeline',
  fields: {
    id: str,
    created_at: timestamp,
    name: str,
    description: str,
    parameters: repeated(() => ParameterSchema),
    url: message(() => UrlSchema),
    error: str,
    default_version: message(() => PipelineVersionSchema),
    resource_references: repeated(() => ResourceReferenceSchema),
  },
};

// Decoded shapes (the decoder guarantees these types for whatever fields are present).
export interface ResourceReferenceInput {
  key?: { type?: ResourceType; id?: string };
  name?: string;
  relationship?: Relationship;
}
export interface PipelineSpecInput {
  pipeline_id?: string;
  pipeline_name?: string;
  workflow_manifest?: string;
  pipeline_manifest?: string;
  parameters?: { name?: string; value?: string }[];
  runtime_config?: { parameters?: Record<string, unknown>; pipeline_root?: string };
}
export interface ExperimentInput {
  name?: string;
  description?: string;
  resource_references?: ResourceReferenceInput[];
}
export interface RunInput {
  name?: string;
  description?: string;
  pipeline_spec?: PipelineSpecInput;
  resource_references?: ResourceReferenceInput[];
  service_account?: string;
}
export interface JobInput {
  name?: string;
  description?: string;
  pipeline_spec?: PipelineSpecInput;
  resource_references?: ResourceReferenceInput[];
  service_account?: string;
  max_concurrency?: string;
  trigger?: TriggerInput;
  mode?: (typeof JOB_MODES)[number];
  enabled?: boolean;
  no_catchup?: boolean;
}
export interface PipelineInput {
  name?: string;
  description?: string;
  url?: { pipeline_url?: string };
  resource_references?: ResourceReferenceInput[];
}
export interface PipelineVersionInput {
  name?: string;
  description?: string;
  code_source_url?: string;
  package_url?: { pipeline_url?: string };
  resource_references?: ResourceReferenceInput[];
}
