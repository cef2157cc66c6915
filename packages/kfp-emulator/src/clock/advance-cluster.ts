import type { ServiceContext } from '../resources/context';
import { reportScheduledWorkflow } from '../schedule/persistence-agent';
import { nextFireMs, submitNextWorkflowIfDue } from '../schedule/scheduled-workflow';
import type { RunOutcomeRule } from '../types';
import { advanceRun, isActive, nextRunTransition } from './run-lifecycle';

/** A bound on events handled in one go, so a runaway schedule fails loudly instead of hanging the emulator. */
const MAX_EVENTS = 1_000_000;

/**
 * Brings the emulated cluster from where it was left (state.simulatedUntilMs) to `nowMs`, event by
 * event in time order, so each sees the state it would have seen: runs change phase, the scheduled-
 * workflow controller creates the workflows that are due (and the next, when one finishing frees a
 * max_concurrency slot), the persistence agent reports jobs. A day of schedule costs one step per
 * event, never one per millisecond. Returns whether anything changed.
 */
export function advanceCluster(ctx: ServiceContext, rules: readonly RunOutcomeRule[], nowMs: number): boolean {
  const state = ctx.state;
  let at = Math.min(state.simulatedUntilMs ?? nowMs, nowMs);
  let changed = false;
  for (let events = 0; ; events++) {
    if (events >= MAX_EVENTS) {
      throw new Error(`kfp-emulator: more than ${MAX_EVENTS} schedule events in one step; a schedule fires faster than the emulator can follow`);
    }
    const due = nextEvent(ctx, at);
    if (due === undefined || due > nowMs) break;
    at = due;
    for (const run of state.runs) changed = advanceRun(run, at, ctx.timing, rules) || changed;
    const active = activeWorkflowsByJob(ctx);
    for (const job of state.jobs) {
      while (submitNextWorkflowIfDue(ctx, job, active.get(job.id) ?? 0, at)) {
        active.set(job.id, (active.get(job.id) ?? 0) + 1);
        changed = true;
      }
      if (job.reportDueMs !== undefined && job.reportDueMs <= at) {
        reportScheduledWorkflow(job, job.reportDueMs);
        changed = true;
      }
    }
  }
  for (const run of state.runs) changed = advanceRun(run, nowMs, ctx.timing, rules) || changed;
  state.simulatedUntilMs = nowMs;
  return changed;
}

/** The earliest thing due at or after `at`: a run changing phase, a job creating a workflow, a report. */
function nextEvent(ctx: ServiceContext, at: number): number | undefined {
  let earliest: number | undefined;
  const consider = (time: number | undefined) => {
    if (time === undefined) return;
    const when = Math.max(time, at);
    if (earliest === undefined || when < earliest) earliest = when;
  };
  for (const run of ctx.state.runs) consider(nextRunTransition(run, ctx.timing));
  const active = activeWorkflowsByJob(ctx);
  for (const job of ctx.state.jobs) {
    consider(nextFireMs(job, active.get(job.id) ?? 0, at));
    consider(job.reportDueMs);
  }
  return earliest;
}

function activeWorkflowsByJob(ctx: ServiceContext): Map<string, number> {
  const counts = new Map<string, number>();
  for (const run of ctx.state.runs) {
    if (run.jobId !== undefined && isActive(run)) counts.set(run.jobId, (counts.get(run.jobId) ?? 0) + 1);
  }
  return counts;
}
