import type { RunStatus, StoredRun } from '../state/state';
import type { RunOutcomeRule } from '../types';
import type { ClusterTiming } from './timing';

/** Picks the outcome of a finishing run: the most recently set rule whose pattern matches its name wins. */
export function outcomeFor(run: StoredRun, rules: readonly RunOutcomeRule[]): 'Succeeded' | 'Failed' {
  for (let i = rules.length - 1; i >= 0; i--) {
    if (new RegExp(rules[i].runNamePattern).test(run.name)) return rules[i].outcome;
  }
  return 'Succeeded';
}

/**
 * The run's state becomes `status`, and its history records when, as RunStore.CreateRun and UpdateRun
 * do (storage/run_store.go at 2.1.0): a new entry only when the state differs from the last one.
 */
export function setRunStatus(run: StoredRun, status: RunStatus, atMs: number): void {
  run.status = status;
  const history = (run.stateHistory ??= []);
  if (history.at(-1)?.status !== status) history.push({ status, atMs });
}

/**
 * Moves a run along Pending -> Running -> Succeeded/Failed (and Terminating -> Failed),
 * stamping each transition at the instant it was due, not when it was observed.
 * Returns whether anything changed.
 */
export function advanceRun(run: StoredRun, now: number, timing: ClusterTiming, rules: readonly RunOutcomeRule[]): boolean {
  let changed = false;
  for (;;) {
    if (run.status === 'Pending' && now >= run.phaseSinceMs + timing.pendingMs) {
      run.phaseSinceMs += timing.pendingMs;
      setRunStatus(run, 'Running', run.phaseSinceMs);
    } else if (run.status === 'Running' && now >= run.phaseSinceMs + timing.runningMs) {
      run.phaseSinceMs += timing.runningMs;
      const outcome = outcomeFor(run, rules);
      setRunStatus(run, outcome, run.phaseSinceMs);
      run.finishedMs = run.phaseSinceMs;
      if (outcome === 'Failed') run.error = 'the emulator failed this run (setRunOutcome rule)';
    } else if (run.status === 'Terminating' && now >= run.phaseSinceMs + timing.pendingMs) {
      run.phaseSinceMs += timing.pendingMs;
      setRunStatus(run, 'Failed', run.phaseSinceMs);
      run.finishedMs = run.phaseSinceMs;
      run.error = 'the run was terminated';
    } else {
      return changed;
    }
    changed = true;
  }
}

/** When the run next changes phase, or undefined once it has finished. */
export function nextRunTransition(run: StoredRun, timing: ClusterTiming): number | undefined {
  switch (run.status) {
    case 'Pending':
    case 'Terminating':
      return run.phaseSinceMs + timing.pendingMs;
    case 'Running':
      return run.phaseSinceMs + timing.runningMs;
    default:
      return undefined;
  }
}

/** A workflow that has not completed yet counts against its ScheduledWorkflow's max_concurrency. */
export const isActive = (run: StoredRun): boolean =>
  run.status === 'Pending' || run.status === 'Running' || run.status === 'Terminating';
