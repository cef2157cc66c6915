export { validateTeam } from './validate-team';
export type { ValidateTeamContext, ValidateTeamResult, ResolvedTeam, ResolvedRecurringRun, ResolvedWorkflow, ResolvedParameter } from './validate-team';
export { checkPipeline, type PipelineCheck } from './check-pipeline';
export { formatTextReport, formatJsonReport, validationPassed } from './report';
export type { ValidateExecutorOptions } from './options';
