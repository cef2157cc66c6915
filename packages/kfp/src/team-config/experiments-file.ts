import { error, type PendingProblem } from '../config-file/problems';
import { experimentSchema, experimentsFileSchema } from './schemas/experiments';
import type { ExperimentSpec } from './model';
import { positionOf, type YamlFile } from '../config-file/yaml-file';
import { validateWithSchema } from '../config-file/zod-issues';
import { isRecord } from '../utils/is-record';
import { EXPERIMENTS_KEY } from './layout';

export interface ExperimentsCheck {
  problems: PendingProblem[];
  /** The valid entries. */
  experiments: ExperimentSpec[];
  /** Every name written in the file, valid entry or not (for reference checks). */
  declaredNames: Set<string>;
}

export function checkExperimentsFile(yaml: YamlFile): ExperimentsCheck {
  if (yaml.data === undefined) return { problems: [], experiments: [], declaredNames: new Set() };
  if (yaml.data === null) {
    return { problems: [error([], 'the file is empty; expected the key "experiments" with a list of experiments')], experiments: [], declaredNames: new Set() };
  }
  const problems: PendingProblem[] = [];
  const whole = validateWithSchema(experimentsFileSchema, yaml.data, yaml, []);
  if (!whole.ok) problems.push(...whole.problems);

  const items = isRecord(yaml.data) && Array.isArray(yaml.data.experiments) ? (yaml.data.experiments as unknown[]) : [];
  const experiments: ExperimentSpec[] = [];
  const declaredNames = new Set<string>();
  const firstIndexByName = new Map<string, number>();
  items.forEach((item, index) => {
    const name = isRecord(item) && typeof item.name === 'string' ? item.name : undefined;
    if (name !== undefined) {
      declaredNames.add(name);
      const first = firstIndexByName.get(name);
      if (first === undefined) firstIndexByName.set(name, index);
      else {
        const line = positionOf(yaml, [EXPERIMENTS_KEY, first]).line;
        problems.push(error([EXPERIMENTS_KEY, index, 'name'], `duplicate experiment name ${JSON.stringify(name)}: also declared by experiments[${first}] (line ${line})`));
      }
    }
    const parsed = experimentSchema.safeParse(item);
    if (parsed.success && firstIndexByName.get(parsed.data.name) === index) {
      experiments.push({ name: parsed.data.name, description: parsed.data.description ?? '' });
    }
  });
  return { problems, experiments, declaredNames };
}
