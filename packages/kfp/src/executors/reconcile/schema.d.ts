import type { ReconcileOptions } from '../../reconcile/reconcile-team';

/** Options of the reconcile executor (and of `plan`, which sets dryRun); schema.json describes each one. */
export interface ReconcileExecutorOptions extends ReconcileOptions {
  folder?: string;
}
