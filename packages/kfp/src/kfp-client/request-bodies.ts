/*
 * Request bodies in proto (snake_case) names, with only fields the API knows:
 * KFP 2.14+ rejects unknown fields, older servers ignore them.
 */

import type { Schedule } from '../schedule/trigger';
import { isoSeconds } from '../utils/iso-seconds';

export type TimeInput = Date | string;

export interface CreateExperimentInput {
  name: string;
  description?: string;
  /** The owning profile namespace (multi-user); omit in single-user mode. */
  namespace?: string;
}

export interface CreateRunInput {
  name: string;
  description?: string;
  experimentId: string;
  /** Only used to name the namespace in errors; the server derives it from the experiment. */
  namespace?: string;
  /** The parsed Argo Workflow; sent as a JSON string. */
  workflowManifest: unknown;
  parameters: Record<string, string>;
  serviceAccount?: string;
}

export interface JobTriggerInput {
  schedule: Schedule;
  startTime?: TimeInput;
  endTime?: TimeInput;
}

export interface CreateJobInput {
  name: string;
  description?: string;
  experimentId: string;
  /** The experiment's namespace: scopes the existence check after an uncertain failure, and names it in errors. */
  namespace?: string;
  enabled: boolean;
  maxConcurrency: number;
  noCatchup: boolean;
  serviceAccount?: string;
  trigger: JobTriggerInput;
  workflowManifest: unknown;
  parameters: Record<string, string>;
}

interface WireReference {
  key: { type: 'EXPERIMENT' | 'NAMESPACE'; id: string };
  relationship: 'OWNER';
}

export function experimentBody(input: CreateExperimentInput): Record<string, unknown> {
  const body: Record<string, unknown> = { name: input.name };
  if (input.description) body.description = input.description;
  if (input.namespace) body.resource_references = [owner('NAMESPACE', input.namespace)];
  return body;
}

export function runBody(input: CreateRunInput): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: input.name,
    pipeline_spec: pipelineSpec(input.workflowManifest, input.parameters),
    resource_references: [owner('EXPERIMENT', input.experimentId)],
  };
  if (input.description) body.description = input.description;
  if (input.serviceAccount) body.service_account = input.serviceAccount;
  return body;
}

export function jobBody(input: CreateJobInput): Record<string, unknown> {
  if (!Number.isInteger(input.maxConcurrency)) {
    throw new TypeError(`create job "${input.name}": maxConcurrency must be an integer, got ${String(input.maxConcurrency)}`);
  }
  const body: Record<string, unknown> = {
    name: input.name,
    pipeline_spec: pipelineSpec(input.workflowManifest, input.parameters),
    resource_references: [owner('EXPERIMENT', input.experimentId)],
    max_concurrency: String(input.maxConcurrency),
    trigger: triggerBody(input.name, input.trigger),
    enabled: input.enabled,
    no_catchup: input.noCatchup,
  };
  if (input.description) body.description = input.description;
  if (input.serviceAccount) body.service_account = input.serviceAccount;
  return body;
}

function triggerBody(jobName: string, trigger: JobTriggerInput): Record<string, unknown> {
  const { schedule } = trigger;
  if (schedule.kind === 'cron') return { cron_schedule: { cron: schedule.expression, ...windowBody(jobName, trigger) } };
  if (!Number.isInteger(schedule.seconds)) {
    throw new TypeError(`create job "${jobName}": interval seconds must be an integer, got ${String(schedule.seconds)}`);
  }
  return { periodic_schedule: { interval_second: String(schedule.seconds), ...windowBody(jobName, trigger) } };
}

function windowBody(jobName: string, window: { startTime?: TimeInput; endTime?: TimeInput }): Record<string, string> {
  const body: Record<string, string> = {};
  if (window.startTime !== undefined) body.start_time = toRfc3339(window.startTime, `create job "${jobName}": startTime`);
  if (window.endTime !== undefined) body.end_time = toRfc3339(window.endTime, `create job "${jobName}": endTime`);
  return body;
}

/** Whole seconds in UTC with `Z`, which is all the server stores. */
export function toRfc3339(value: TimeInput, what: string): string {
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(ms)) throw new TypeError(`${what} is not a valid date: ${String(value)}`);
  return isoSeconds(ms);
}

function pipelineSpec(workflow: unknown, parameters: Record<string, string>): Record<string, unknown> {
  return {
    workflow_manifest: JSON.stringify(workflow),
    parameters: Object.entries(parameters).map(([name, value]) => ({ name, value })),
  };
}

function owner(type: WireReference['key']['type'], id: string): WireReference {
  return { key: { type, id }, relationship: 'OWNER' };
}

// ---- v2beta1 ------------------------------------------------------------------

/** A compiled v2 pipeline sent inline: the IR, and the platform spec when it has one. */
export interface PipelineSpecInput {
  spec: unknown;
  platformSpec?: unknown;
}

export interface CreateRunV2Input {
  name: string;
  description?: string;
  experimentId: string;
  /** Only to name the namespace in errors: a v2 run belongs to its experiment's namespace. */
  namespace?: string;
  pipeline: PipelineSpecInput;
  /** Typed values (numbers, booleans, lists...), as the IR declares the parameters. */
  parameters: Record<string, unknown>;
  serviceAccount?: string;
}

export interface CreateRecurringRunV2Input {
  name: string;
  description?: string;
  experimentId: string;
  /** Multi-user servers only: a single-user server refuses any namespace but its experiments' (none). */
  namespace?: string;
  enabled: boolean;
  maxConcurrency: number;
  noCatchup: boolean;
  serviceAccount?: string;
  trigger: JobTriggerInput;
  pipeline: PipelineSpecInput;
  parameters: Record<string, unknown>;
}

export function experimentBodyV2(input: CreateExperimentInput): Record<string, unknown> {
  return { display_name: input.name, ...(input.description ? { description: input.description } : {}), ...(input.namespace ? { namespace: input.namespace } : {}) };
}

export function runBodyV2(input: CreateRunV2Input): Record<string, unknown> {
  return {
    display_name: input.name,
    ...(input.description ? { description: input.description } : {}),
    experiment_id: input.experimentId,
    pipeline_spec: pipelineSpecStruct(input.pipeline),
    runtime_config: { parameters: input.parameters },
    ...(input.serviceAccount ? { service_account: input.serviceAccount } : {}),
  };
}

export function recurringRunBodyV2(input: CreateRecurringRunV2Input): Record<string, unknown> {
  if (!Number.isInteger(input.maxConcurrency)) {
    throw new TypeError(`create recurring run "${input.name}": maxConcurrency must be an integer, got ${String(input.maxConcurrency)}`);
  }
  return {
    display_name: input.name,
    ...(input.description ? { description: input.description } : {}),
    experiment_id: input.experimentId,
    ...(input.namespace ? { namespace: input.namespace } : {}),
    pipeline_spec: pipelineSpecStruct(input.pipeline),
    runtime_config: { parameters: input.parameters },
    trigger: triggerBody(input.name, input.trigger),
    max_concurrency: String(input.maxConcurrency),
    no_catchup: input.noCatchup,
    mode: input.enabled ? 'ENABLE' : 'DISABLE',
    ...(input.serviceAccount ? { service_account: input.serviceAccount } : {}),
  };
}

/** As the kfp 2.x client sends it: the IR alone, or both under pipeline_spec and platform_spec. */
function pipelineSpecStruct(pipeline: PipelineSpecInput): unknown {
  return pipeline.platformSpec ? { pipeline_spec: pipeline.spec, platform_spec: pipeline.platformSpec } : pipeline.spec;
}
