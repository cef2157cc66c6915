import type { ClusterTiming } from '../clock/timing';
import type { JobStatus, StoredJob } from '../state/state';

/**
 * The controller changed the job's ScheduledWorkflow (created it, enabled or disabled it, created a
 * workflow); the persistence agent reports it `reportMs` later. One report covers every change before it.
 */
export function expectReport(job: StoredJob, nowMs: number, timing: ClusterTiming): void {
  job.reportDueMs ??= nowMs + timing.reportMs;
}

/**
 * The persistence agent's report (JobStore.UpdateJob at 2.1.0): the job's status becomes what the
 * ScheduledWorkflow's condition says, and updated_at the time of the report.
 */
export function reportScheduledWorkflow(job: StoredJob, atMs: number): void {
  job.status = reportedStatus(job);
  job.updatedMs = atMs;
  job.reportDueMs = undefined;
}

/**
 * The controller's condition (getStatusAndMessage: Enabled/Disabled, or Running/Succeeded for a job without
 * trigger), as toApiJobStatus maps it: Running and Succeeded read as ENABLED.
 */
function reportedStatus(job: StoredJob): JobStatus {
  const oneOff = !job.trigger?.cron && !job.trigger?.periodic;
  return oneOff || job.enabled ? 'ENABLED' : 'DISABLED';
}
