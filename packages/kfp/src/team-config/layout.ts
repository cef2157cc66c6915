// The on-disk contract of a team folder, shared by inference, the graph,
// validate, reconcile and the generators so that every part agrees on names.

/** The experiments of the namespace. */
export const EXPERIMENTS_FILE = 'experiments.yaml';
/** The recurring runs (jobs) of the namespace. */
export const RECURRING_RUNS_FILE = 'recurring_runs.yaml';
/** Optional: namespace, default service account and connection per environment. */
export const TEAM_SETTINGS_FILE = 'kfp-team.yaml';

/** Any of these makes a folder a team project. */
export const TEAM_FILES = [EXPERIMENTS_FILE, RECURRING_RUNS_FILE, TEAM_SETTINGS_FILE] as const;
export type TeamFileName = (typeof TEAM_FILES)[number];

/** The root key of experiments.yaml. */
export const EXPERIMENTS_KEY = 'experiments';
/** The root key of recurring_runs.yaml. */
export const RECURRING_RUNS_KEY = 'recurring_runs';
