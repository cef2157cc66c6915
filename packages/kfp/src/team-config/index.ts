export { loadTeamConfig, analyzeTeamFolder, EXPERIMENTS_FILE, RECURRING_RUNS_FILE, TEAM_SETTINGS_FILE } from './load-team-config';
export type { LoadTeamOptions, LoadTeamResult, TeamAnalysis, TeamFileName } from './load-team-config';
export type {
  TeamConfig,
  ExperimentSpec,
  RecurringRunSpec,
  ParameterSpec,
  PipelineSourceRef,
  FileSourceRef,
  TeamSettings,
  TeamEnvironment,
  SourcePosition,
} from './model';
export { formatProblems, formatProblem, sortProblems, countProblems, hasErrors, formatDocPath } from './problems';
export type { ConfigProblem, PendingProblem, DocPath } from './problems';
export { normalizeTimestamp } from './dates';
export { AUTH_METHODS, DEX_CONNECTORS, DEFAULT_SERVICE_ACCOUNT, type AuthMethod, type DexConnector } from './schemas/team-settings';
export { MAX_JOB_NAME_LENGTH } from './schemas/recurring-runs';
export { experimentsFileSchema } from './schemas/experiments';
export { recurringRunsFileSchema } from './schemas/recurring-runs';
export { teamSettingsFileSchema } from './schemas/team-settings';
