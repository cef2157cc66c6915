import { z } from 'zod';

/*
 * Schemas of the v1beta1 responses as they travel: snake_case, zero values
 * omitted, int64 as strings, enums as names. Everything optional that the
 * server may omit; `nullish` because some proxies and older servers emit nulls.
 * Unknown keys are dropped (newer servers add fields).
 */

const int64 = z.union([z.string().regex(/^-?\d+$/, 'expected an integer string'), z.number().int()]);
const enumValue = z.union([z.string(), z.number()]);
const text = z.string().nullish();
/** RFC 3339; checked here so later code never meets an unreadable date. */
const time = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), 'expected an RFC 3339 timestamp')
  .nullish();

export const wireResourceReference = z.object({
  key: z.object({ type: enumValue.nullish(), id: text }).nullish(),
  name: text,
  relationship: enumValue.nullish(),
});

const wireParameter = z.object({ name: text, value: text });

/** Typed parameter values (protobuf Values as JSON) of a v2 run or recurring run. */
const wireRuntimeConfig = z.object({ parameters: z.record(z.string(), z.unknown()).nullish(), pipeline_root: text });

const wirePipelineSpec = z.object({
  pipeline_id: text,
  pipeline_name: text,
  workflow_manifest: text,
  /** A v2 row's pipeline IR (YAML or JSON), as stored. */
  pipeline_manifest: text,
  parameters: z.array(wireParameter).nullish(),
  runtime_config: wireRuntimeConfig.nullish(),
});

const references = z.array(wireResourceReference).nullish();

export const wireExperiment = z.object({
  id: z.string(),
  name: text,
  description: text,
  created_at: time,
  resource_references: references,
  storage_state: enumValue.nullish(),
});

export const wireListExperiments = z.object({
  experiments: z.array(wireExperiment).nullish(),
  total_size: z.number().nullish(),
  next_page_token: text,
});

export const wireRun = z.object({
  id: z.string(),
  name: text,
  description: text,
  storage_state: enumValue.nullish(),
  pipeline_spec: wirePipelineSpec.nullish(),
  resource_references: references,
  service_account: text,
  created_at: time,
  scheduled_at: time,
  finished_at: time,
  status: text,
  error: text,
});

export const wireRunDetail = z.object({
  run: wireRun,
  pipeline_runtime: z.object({ workflow_manifest: text, pipeline_manifest: text }).nullish(),
});

export const wireListRuns = z.object({
  runs: z.array(wireRun).nullish(),
  total_size: z.number().nullish(),
  next_page_token: text,
});

const wireScheduleWindow = { start_time: time, end_time: time };

export const wireJob = z.object({
  id: z.string(),
  name: text,
  description: text,
  pipeline_spec: wirePipelineSpec.nullish(),
  resource_references: references,
  service_account: text,
  max_concurrency: int64.nullish(),
  trigger: z
    .object({
      cron_schedule: z.object({ ...wireScheduleWindow, cron: text }).nullish(),
      periodic_schedule: z.object({ ...wireScheduleWindow, interval_second: int64.nullish() }).nullish(),
    })
    .nullish(),
  mode: enumValue.nullish(),
  created_at: time,
  updated_at: time,
  status: text,
  error: text,
  enabled: z.boolean().nullish(),
  no_catchup: z.boolean().nullish(),
});

export const wireListJobs = z.object({
  jobs: z.array(wireJob).nullish(),
  total_size: z.number().nullish(),
  next_page_token: text,
});

export const wireHealthz = z.object({
  commit_sha: text,
  tag_name: text,
  multi_user: z.boolean().nullish(),
});

export const wirePipelineVersion = z.object({
  id: z.string(),
  name: text,
  description: text,
  created_at: time,
  parameters: z.array(wireParameter).nullish(),
  code_source_url: text,
  package_url: z.object({ pipeline_url: text }).nullish(),
  resource_references: references,
});

export const wirePipeline = z.object({
  id: z.string(),
  name: text,
  description: text,
  created_at: time,
  parameters: z.array(wireParameter).nullish(),
  error: text,
  default_version: wirePipelineVersion.nullish(),
  resource_references: references,
});

// ---- v2beta1 ---------------------------------------------------------------

export const wireHealthzV2 = z.object({ multi_user: z.boolean().nullish() });

export const wireExperimentV2 = z.object({
  experiment_id: z.string(),
  display_name: text,
  description: text,
  namespace: text,
  created_at: time,
  storage_state: enumValue.nullish(),
});

export const wireListExperimentsV2 = z.object({
  experiments: z.array(wireExperimentV2).nullish(),
  total_size: z.number().nullish(),
  next_page_token: text,
});

export const wireRunV2 = z.object({
  run_id: z.string(),
  display_name: text,
  experiment_id: text,
  /** PENDING, RUNNING, SUCCEEDED, SKIPPED, FAILED, CANCELING, CANCELED, PAUSED. */
  state: enumValue.nullish(),
  error: z.object({ message: text }).nullish(),
  created_at: time,
  finished_at: time,
  service_account: text,
  runtime_config: wireRuntimeConfig.nullish(),
});

export const wireRecurringRunV2 = z.object({
  recurring_run_id: z.string(),
  display_name: text,
  description: text,
  experiment_id: text,
  namespace: text,
  mode: enumValue.nullish(),
  max_concurrency: int64.nullish(),
  no_catchup: z.boolean().nullish(),
  service_account: text,
  created_at: time,
  runtime_config: wireRuntimeConfig.nullish(),
});

/** Bodies of empty-return RPCs (`{}`); anything else is tolerated and ignored. */
export const wireEmpty = z.object({});

export type WireResourceReference = z.infer<typeof wireResourceReference>;
export type WireExperiment = z.infer<typeof wireExperiment>;
export type WireRun = z.infer<typeof wireRun>;
export type WireRunDetail = z.infer<typeof wireRunDetail>;
export type WireJob = z.infer<typeof wireJob>;
export type WireHealthz = z.infer<typeof wireHealthz>;
export type WirePipeline = z.infer<typeof wirePipeline>;
export type WirePipelineVersion = z.infer<typeof wirePipelineVersion>;
export type WireExperimentV2 = z.infer<typeof wireExperimentV2>;
export type WireRunV2 = z.infer<typeof wireRunV2>;
export type WireRecurringRunV2 = z.infer<typeof wireRecurringRunV2>;
