import { error, type DocPath, type PendingProblem } from '../config-file/problems';
import { positionOf, type YamlFile } from '../config-file/yaml-file';
import { isRecord } from '../utils/is-record';
import { RECURRING_RUNS_KEY } from './layout';

// Checks across entries and keys. They work on the raw data, so they run even
// when other keys of an entry are wrong and every problem is reported at once.


export interface CrossCheckContext {
  /** Names declared in experiments.yaml; null when that file could not be read (no reference check). */
  declaredExperiments: Set<string> | null;
  /** Workspace-relative experiments.yaml, or null when the folder has none. */
  experimentsFile: string | null;
}

export function rawParameters(item: Record<string, unknown>): unknown[] {
  return Array.isArray(item.pipeline_parameters) ? item.pipeline_parameters : [];
}

function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function crossChecks(items: unknown[], yaml: YamlFile, context: CrossCheckContext): PendingProblem[] {
  const problems: PendingProblem[] = [];
  const firstJobByName = new Map<string, number>();
  items.forEach((rawItem, index) => {
    const item = record(rawItem);
    const job = record(item.job);
    const jobPath: DocPath = [RECURRING_RUNS_KEY, index, 'job'];

    const name = text(job.name);
    if (name !== undefined) {
      const first = firstJobByName.get(name);
      if (first === undefined) firstJobByName.set(name, index);
      else {
        const line = positionOf(yaml, [RECURRING_RUNS_KEY, first]).line;
        problems.push(error([...jobPath, 'name'], `duplicate job name ${JSON.stringify(name)}: also used by recurring_runs[${first}] (line ${line})`));
      }
    }

    const experiment = text(job.experiment);
    if (experiment !== undefined && experiment !== '' && context.declaredExperiments && !context.declaredExperiments.has(experiment)) {
      problems.push(error([...jobPath, 'experiment'], undeclaredExperimentMessage(experiment, context)));
    }

    const firstParameterByName = new Map<string, number>();
    rawParameters(item).forEach((rawParameter, j) => {
      const parameterName = text(record(rawParameter).name);
      if (parameterName === undefined) return;
      const first = firstParameterByName.get(parameterName);
      if (first === undefined) firstParameterByName.set(parameterName, j);
      else {
        problems.push(
          error(
            [RECURRING_RUNS_KEY, index, 'pipeline_parameters', j, 'name'],
            `duplicate parameter ${JSON.stringify(parameterName)}: also set by pipeline_parameters[${first}]`,
          ),
        );
      }
    });

  });
  return problems;
}

function undeclaredExperimentMessage(experiment: string, context: CrossCheckContext): string {
  if (context.experimentsFile === null) return `experiment ${JSON.stringify(experiment)} is not declared: the team folder has no experiments.yaml`;
  const declared = [...(context.declaredExperiments ?? [])];
  const list = declared.length > 0 ? `it declares ${declared.map((n) => JSON.stringify(n)).join(', ')}` : 'it declares none';
  return `experiment ${JSON.stringify(experiment)} is not declared in experiments.yaml (${list})`;
}
