import { RECURRING_RUNS_KEY } from '../layout';
import { z } from 'zod';
import { TIMESTAMP_EXAMPLES } from '../dates';
import { hasNoControlCharacters, isSet, nonEmptyString, onObjects } from './common';
import { pipelineSourceSchema, valueFromSchema } from './pipeline-source';

/** `GIT::<name>__YYYY-MM-DDTHH-MM-SSZ` must fit the server's 255-character job name column. */
export const MAX_JOB_NAME_LENGTH = 255 - 'GIT::'.length - '__'.length - 'YYYY-MM-DDTHH-MM-SSZ'.length;

const timestamp = (which: 'start' | 'end') =>
  z
    .string({ error: (issue) => `must be a date or a date and time, such as ${TIMESTAMP_EXAMPLES} (got ${issue.input === undefined ? 'nothing' : JSON.stringify(issue.input)})` })
    .nullable()
    .optional()
    .describe(
      `When the schedule ${which === 'start' ? 'starts' : 'ends'}: a YAML timestamp or a string (${TIMESTAMP_EXAMPLES}). A date alone means midnight UTC; no offset means UTC. Stored as UTC whole seconds.`,
    );

// The schema checks the keys and their types; the values (a cron expression
// KFP accepts, real dates in order, exactly one of cron and interval_seconds)
// are parsed once, into a Trigger, by team-config/trigger.ts.
export const triggerSchema = z
  .strictObject({
    catchup: z
      .boolean()
      .describe('Whether missed runs are back-filled (true) or only the latest is run (false). Every change creates a new job version, which starts with no run history.'),
    start_date: timestamp('start'),
    end_date: timestamp('end'),
    cron: z
      .string()
      .nullable()
      .optional()
      .describe(
        'Cron schedule as KFP reads it (robfig/cron, evaluated in UTC or the cluster\'s CRON_SCHEDULE_TIMEZONE): 6 fields "second minute hour day-of-month month day-of-week", e.g. "0 0 9 * * MON-FRI", or a descriptor: @yearly, @monthly, @weekly, @daily, @hourly, @every 1h30m. Exactly one of cron and interval_seconds.',
      ),
    interval_seconds: z
      .int()
      .min(1, { error: (issue) => `must be a whole number of seconds, at least 1 (got ${String(issue.input)})` })
      .nullable()
      .optional()
      .describe('Run every this many seconds. Exactly one of cron and interval_seconds. Every change creates a new job version, which restarts the interval.'),
  })
  .meta({
    oneOf: [
      { required: ['cron'], properties: { cron: { type: 'string' } } },
      { required: ['interval_seconds'], properties: { interval_seconds: { type: 'integer' } } },
    ],
  })
  .describe('When the job runs.');

export const jobSchema = z
  .strictObject({
    enabled: z.boolean().describe('Whether the job schedules runs. Disable a job (and reconcile) before removing it from the list.'),
    name: nonEmptyString()
      .max(MAX_JOB_NAME_LENGTH, `must be at most ${MAX_JOB_NAME_LENGTH} characters, so that the version name GIT::<name>__<timestamp> fits the KFP server's 255 characters`)
      .refine(hasNoControlCharacters, { message: 'must not contain line breaks or other control characters (versions are named GIT::<name>__<timestamp>)' })
      .describe('Name of the job, unique within the namespace. Each version is a KFP job named GIT::<name>__<UTC timestamp>.'),
    description: nonEmptyString().nullable().optional().describe('Job description (null for none).'),
    experiment: nonEmptyString().describe('The experiment the job runs in; it must be declared in experiments.yaml.'),
    max_concurrency: z
      .int()
      .min(1, { error: (issue) => `must be between 1 and 10 (got ${String(issue.input)})` })
      .max(10, { error: (issue) => `must be between 1 and 10 (got ${String(issue.input)})` })
      .describe('Maximum number of runs of this job at the same time, 1 to 10. During an update, runs of the previous version may still be running.'),
    service_account: nonEmptyString()
      .nullable()
      .optional()
      .describe('Kubernetes service account the runs use. Null means the server default (default_service_account in kfp-team.yaml, usually default-editor).'),
    trigger: triggerSchema,
  })
  .describe('The KFP recurring run (job).');

export const parameterSchema = z
  .strictObject({
    name: nonEmptyString().describe('Name of a pipeline parameter, as declared by the pipeline.'),
    value: z
      .union([z.string(), z.number(), z.boolean(), z.array(z.unknown()), z.record(z.string(), z.unknown())], {
        error: 'must be a value: text, a number, true or false, a list or a mapping',
      })
      .optional()
      .describe(
        'The value. For a KFP v1 pipeline it is text (quote numbers and booleans: "42", "true"), as in the reference design. For a KFP v2 pipeline it is converted to the type the pipeline declares; text ("42") and YAML values (42, true, [1, 2]) are both accepted. Exactly one of value and valueFrom.',
      ),
    valueFrom: valueFromSchema.optional(),
  })
  .refine((p) => !(isSet(p, 'value') && isSet(p, 'valueFrom')), { message: 'set only one of `value` OR `valueFrom`', ...onObjects })
  .refine((p) => isSet(p, 'value') || isSet(p, 'valueFrom'), { message: 'you must specify `value` OR `valueFrom`', ...onObjects })
  .meta({ oneOf: [{ required: ['value'] }, { required: ['valueFrom'] }] })
  .describe('A pipeline parameter and its value.');

export const recurringRunSchema = z
  .strictObject({
    pipeline_source: pipelineSourceSchema,
    pipeline_parameters: z.array(parameterSchema).optional().describe('Values for the pipeline parameters. Required parameters without a default must be listed.'),
    keep_history: z
      .int()
      .min(-1, { error: (issue) => `must be -1 (keep every version) or the number of older versions to keep, 0 or more (got ${String(issue.input)})` })
      .default(5)
      .describe('How many non-latest (older, disabled) versions of the job to keep: 0 keeps none, -1 keeps all. Deleting a version stops its in-progress runs.'),
    job: jobSchema,
  })
  .describe('A recurring run: a pipeline, its parameters and its schedule.');

export const recurringRunsFileSchema = z
  .strictObject({
    [RECURRING_RUNS_KEY]: z.array(recurringRunSchema).describe('The recurring runs of this namespace. Entries removed from this list are left alone in the cluster: disable them first.'),
  })
  .describe('recurring_runs.yaml: the KFP recurring runs (jobs) of one team namespace.');

export type ParsedRecurringRun = z.infer<typeof recurringRunSchema>;
export type ParsedParameter = z.infer<typeof parameterSchema>;
