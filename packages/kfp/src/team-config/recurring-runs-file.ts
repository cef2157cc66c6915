import type { RecurringRunSpec } from './model';
import { toSpec } from './normalize-recurring-run';
import { error, type DocPath, type PendingProblem } from '../config-file/problems';
import { crossChecks, rawParameters, type CrossCheckContext } from './recurring-run-checks';
import { recurringRunSchema, recurringRunsFileSchema } from './schemas/recurring-runs';
import { parseTrigger } from './trigger';
import { chooseSourceForm, type SourceContext } from './source-forms';
import type { YamlFile } from '../config-file/yaml-file';
import { validateWithSchema } from '../config-file/zod-issues';
import { isRecord } from '../utils/is-record';
import { RECURRING_RUNS_KEY } from './layout';


export interface RecurringRunsContext extends CrossCheckContext {
  /** kfp-team.yaml's github_api_url. */
  githubApiUrl: string | null;
}

export interface RecurringRunsCheck {
  problems: PendingProblem[];
  /** Normalised entries that have no errors, in file order. */
  specs: RecurringRunSpec[];
}

export function checkRecurringRunsFile(yaml: YamlFile, context: RecurringRunsContext): RecurringRunsCheck {
  if (yaml.data === undefined) return { problems: [], specs: [] };
  if (yaml.data === null) {
    return { problems: [error([], 'the file is empty; expected the key "recurring_runs" with a list of recurring runs')], specs: [] };
  }
  const problems: PendingProblem[] = [];
  const whole = validateWithSchema(recurringRunsFileSchema, yaml.data, yaml, []);
  // Source mappings are checked form by form below, for precise messages.
  if (!whole.ok) problems.push(...whole.problems.filter((p) => !isInSourceMapping(p.path)));

  const items = isRecord(yaml.data) && Array.isArray(yaml.data[RECURRING_RUNS_KEY]) ? (yaml.data[RECURRING_RUNS_KEY] as unknown[]) : [];
  items.forEach((item, index) => {
    if (!isRecord(item)) return;
    problems.push(...checkSourceMapping(item.pipeline_source, [RECURRING_RUNS_KEY, index, 'pipeline_source'], 'pipeline_source', yaml));
    rawParameters(item).forEach((parameter, j) => {
      if (isRecord(parameter) && parameter.valueFrom !== undefined) {
        problems.push(...checkSourceMapping(parameter.valueFrom, [RECURRING_RUNS_KEY, index, 'pipeline_parameters', j, 'valueFrom'], 'valueFrom', yaml));
      }
    });
  });
  problems.push(...crossChecks(items, yaml, context));
  const triggers = items.map((item, index) => {
    const parsed = parseTrigger(isRecord(item) && isRecord(item.job) ? item.job.trigger : undefined, [RECURRING_RUNS_KEY, index, 'job', 'trigger']);
    problems.push(...parsed.problems);
    return parsed.trigger;
  });

  const specs: RecurringRunSpec[] = [];
  items.forEach((item, index) => {
    const hasError = problems.some((p) => p.severity === 'error' && p.path[0] === RECURRING_RUNS_KEY && p.path[1] === index);
    const trigger = triggers[index];
    if (hasError || !trigger) return;
    const parsed = recurringRunSchema.safeParse(item);
    if (!parsed.success) return;
    const normalised = toSpec(parsed.data, index, trigger, yaml, context.githubApiUrl);
    problems.push(...normalised.problems);
    if (normalised.spec) specs.push(normalised.spec);
  });
  return { problems, specs };
}

function isInSourceMapping(path: DocPath): boolean {
  if (path[0] !== RECURRING_RUNS_KEY || typeof path[1] !== 'number') return false;
  if (path[2] === 'pipeline_source') return true;
  return path[2] === 'pipeline_parameters' && typeof path[3] === 'number' && path[4] === 'valueFrom';
}

function checkSourceMapping(value: unknown, path: DocPath, context: SourceContext, yaml: YamlFile): PendingProblem[] {
  if (value === undefined) return context === 'pipeline_source' ? [error(path, 'missing required key "pipeline_source"')] : [];
  const form = chooseSourceForm(value, context);
  if (!form.ok) return [error(path, form.message)];
  const result = validateWithSchema(form.schema, value, yaml, path);
  return result.ok ? [] : result.problems;
}
