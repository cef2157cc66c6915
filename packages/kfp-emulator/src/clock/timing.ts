/** How long things take in the emulated cluster, in emulated milliseconds. */
export interface ClusterTiming {
  /** A new run (workflow) stays Pending this long, then runs. */
  pendingMs: number;
  /** A run stays Running this long, then finishes. */
  runningMs: number;
  /** The persistence agent reports a changed ScheduledWorkflow (the job's `status`) this long after the change. */
  reportMs: number;
}

export const DEFAULT_TIMING: ClusterTiming = { pendingMs: 500, runningMs: 1500, reportMs: 1000 };
