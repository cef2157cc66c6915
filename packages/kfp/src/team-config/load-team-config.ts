// Reads a team folder (experiments.yaml, recurring_runs.yaml, optional
// kfp-team.yaml) into the normalised model, collecting every problem at once.

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readTextFile, realPathInside, SIZE_LIMITS, TextFileError } from '../files/read-text-file';
import { checkExperimentsFile } from './experiments-file';
import { EXPERIMENTS_FILE, RECURRING_RUNS_FILE, TEAM_FILES, TEAM_SETTINGS_FILE, type TeamFileName } from './layout';
import type { TeamConfig, TeamSettings, RecurringRunSpec, ExperimentSpec } from './model';
import { formatDocPath, hasErrors, lastKey, sortProblems, type ConfigProblem, type PendingProblem } from '../config-file/problems';
import { checkRecurringRunsFile } from './recurring-runs-file';
import { checkSettingsFile } from './settings-file';
import { locate, parseYamlFile, type YamlFile } from '../config-file/yaml-file';


export interface LoadTeamOptions {
  /** Problems name files relative to this folder. */
  workspaceRoot: string;
}

/** Everything that could be read, even when some entries have errors. */
export interface TeamAnalysis {
  /** Present only when there is no error (warnings allowed). */
  config?: TeamConfig;
  /** Sorted by file and position. */
  problems: ConfigProblem[];
  folder: string;
  folderPath: string;
  settings?: TeamSettings;
  experiments: ExperimentSpec[];
  /** The entries without errors. */
  recurringRuns: RecurringRunSpec[];
  /** Positions problems found later (e.g. while resolving sources) in a team file. */
  locate(file: TeamFileName, pending: readonly PendingProblem[]): ConfigProblem[];
}

export async function analyzeTeamFolder(folderPath: string, options: LoadTeamOptions): Promise<TeamAnalysis> {
  const absolute = path.resolve(options.workspaceRoot, folderPath);
  const folder = toPosix(path.relative(options.workspaceRoot, absolute)) || '.';
  const files = new Map<TeamFileName, YamlFile>();
  const problems: ConfigProblem[] = [];
  const folderProblem = (message: string) => problems.push({ severity: 'error', file: folder, line: 1, column: 1, path: '', key: '', message });

  const analysis = (extra: Partial<TeamAnalysis>): TeamAnalysis => {
    const sorted = sortProblems(problems);
    return {
      folder,
      folderPath: absolute,
      experiments: [],
      recurringRuns: [],
      ...extra,
      problems: sorted,
      locate: (file, pending) => {
        const yaml = files.get(file);
        if (!yaml) {
          return pending.map((p) => ({ severity: p.severity, file: `${folder}/${file}`, line: 1, column: 1, path: formatDocPath(p.path), key: lastKey(p.path), message: p.message }));
        }
        return locate(yaml, pending);
      },
    };
  };

  const stat = await fs.stat(absolute).catch(() => undefined);
  if (!stat?.isDirectory()) {
    folderProblem(stat ? 'is not a folder' : 'the team folder does not exist');
    return analysis({});
  }

  // A committed symlink must not make validate print a file from elsewhere on the machine (a CI runner's
  // credentials, say) in its messages: team files are read from inside the workspace, or from inside the
  // team folder when it is not in the workspace itself.
  const confinedTo = (await isInside(options.workspaceRoot, absolute)) ? options.workspaceRoot : absolute;
  for (const name of TEAM_FILES) {
    const shown = `${folder}/${name}`;
    let text: string | undefined;
    try {
      text = await readTeamFile(path.join(absolute, name), confinedTo, shown);
    } catch (e) {
      if (!(e instanceof TextFileError)) throw e;
      problems.push({ severity: 'error', file: shown, line: e.position?.line ?? 1, column: e.position?.column ?? 1, path: '', key: '', message: `this file ${e.reason}` });
      // Present but unreadable: checked like a file with invalid YAML (no content, no false follow-up errors).
      files.set(name, { ...parseYamlFile('', shown), data: undefined });
      continue;
    }
    if (text === undefined) {
      const misnamed = name.replace(/\.yaml$/, '.yml');
      if (await exists(path.join(absolute, misnamed))) {
        problems.push({ severity: 'warning', file: `${folder}/${misnamed}`, line: 1, column: 1, path: '', key: '', message: `this file is ignored: it must be named ${name}` });
      }
      continue;
    }
    const yaml = parseYamlFile(text, shown);
    files.set(name, yaml);
    problems.push(...yaml.problems);
  }
  const experimentsYaml = files.get(EXPERIMENTS_FILE);
  const recurringRunsYaml = files.get(RECURRING_RUNS_FILE);
  if (!experimentsYaml && !recurringRunsYaml) {
    folderProblem(`a team folder needs ${EXPERIMENTS_FILE} and/or ${RECURRING_RUNS_FILE}; found neither`);
    return analysis({});
  }

  const settingsYaml = files.get(TEAM_SETTINGS_FILE);
  const settingsCheck = checkSettingsFile(settingsYaml, absolute);
  if (settingsYaml) problems.push(...locate(settingsYaml, settingsCheck.problems));
  if (settingsCheck.folderProblem) folderProblem(settingsCheck.folderProblem);

  const experimentsCheck = experimentsYaml ? checkExperimentsFile(experimentsYaml) : undefined;
  if (experimentsYaml && experimentsCheck) problems.push(...locate(experimentsYaml, experimentsCheck.problems));

  const recurringRunsCheck = recurringRunsYaml
    ? checkRecurringRunsFile(recurringRunsYaml, {
        // An unreadable experiments.yaml would make every reference look wrong.
        declaredExperiments: experimentsYaml?.data === undefined && experimentsYaml ? null : (experimentsCheck?.declaredNames ?? new Set()),
        experimentsFile: experimentsYaml ? experimentsYaml.file : null,
        githubApiUrl: settingsCheck.settings?.githubApiUrl ?? null,
      })
    : undefined;
  if (recurringRunsYaml && recurringRunsCheck) problems.push(...locate(recurringRunsYaml, recurringRunsCheck.problems));

  const experiments = experimentsCheck?.experiments ?? [];
  const recurringRuns = recurringRunsCheck?.specs ?? [];
  const settings = settingsCheck.settings;
  const config: TeamConfig | undefined =
    settings && !hasErrors(problems)
      ? { folder, folderPath: absolute, namespace: settings.namespace, experiments, recurringRuns, settings }
      : undefined;
  return analysis({ ...(settings ? { settings } : {}), experiments, recurringRuns, ...(config ? { config } : {}) });
}

/** The file's text; undefined when it does not exist. */
async function readTeamFile(file: string, root: string, shown: string): Promise<string | undefined> {
  let real: string;
  try {
    real = await realPathInside(root, file, shown);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    if (e instanceof TextFileError) throw e;
    throw new TextFileError(`cannot be read: ${(e as Error).message}`, shown);
  }
  return readTextFile(real, SIZE_LIMITS.config, shown);
}

async function isInside(root: string, folder: string): Promise<boolean> {
  const real = await Promise.all([fs.realpath(root), fs.realpath(folder)]).catch(() => undefined);
  if (!real) return false;
  const inside = path.relative(real[0], real[1]);
  return !inside.startsWith('..') && !path.isAbsolute(inside);
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

