import { DEFAULT_PAGE_SIZE, JOBS_PAGE_SIZE } from '../kfp-client/kfp-client';
import type { ActualState, ReconcilePlan } from './model';

/**
 * The API requests applying a plan makes, if no request fails or is retried
 * and the namespace stays as it was listed: one per step; the namespace lock
 * (created, archived, released); the namespace read again under it (its
 * experiments, the lock among them, and its jobs); whether the server is
 * multi-user, when a KFP v2 version is created; and the jobs read once more
 * afterwards to check the result. A listing takes one request per full page.
 */
export function applyRequests(plan: Omit<ReconcilePlan, 'applyRequests'>, actual: ActualState): number {
  // `actual` without the lock experiment, which planReconcile sets apart.
  const steps = [...plan.experiments, ...plan.recurringRuns, ...plan.unmanaged].flatMap((c) => c.steps);
  if (steps.length === 0) return 0;
  const pages = (items: number, pageSize: number) => Math.max(1, Math.ceil(items / pageSize));
  const created = steps.filter((s) => s.op === 'createJob').length;
  const deleted = steps.filter((s) => s.op === 'deleteJob').length;
  const v2 = steps.some((s) => s.op === 'createJob' && s.spec.pipeline.sdk === 'v2');
  const experimentsUnderLock = actual.experiments.length + 1;
  return (
    steps.length +
    3 +
    pages(experimentsUnderLock, DEFAULT_PAGE_SIZE) +
    pages(actual.jobs.length, JOBS_PAGE_SIZE) +
    (v2 ? 1 : 0) +
    pages(actual.jobs.length + created - deleted, JOBS_PAGE_SIZE)
  );
}
