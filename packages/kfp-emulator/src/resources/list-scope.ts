import { authorize } from '../auth/authorize';
import { ApiError, invalidInput } from '../errors/api-error';
import type { FilterApi } from '../list/filter';
import type { ListQuery } from '../list/list-request';
import type { Caller, Query, ServiceContext } from './context';
import { findExperiment } from './experiments';

/** The paging query parameters, named alike in v1beta1 and v2beta1 (whose Filter protos differ). */
export function listQuery(query: Query, api: FilterApi = 'v1beta1'): ListQuery {
  return {
    page_token: query.get('page_token'),
    page_size: query.get('page_size'),
    sort_by: query.get('sort_by'),
    filter: query.get('filter'),
    api,
  };
}

/** ReplaceNamespace: single-user mode has no namespaces, whatever the request says. */
export const replaceNamespace = (ctx: ServiceContext, namespace: string): string => (ctx.multiUser ? namespace : '');

/** What a run or job listing is narrowed to: v1beta1 says it with a resource reference, v2beta1 with two query parameters. */
export interface RowScope {
  namespace: string;
  experimentId: string;
}

const EMPTY_NAMESPACE = { runs: 'A run cannot have an empty namespace in multi-user mode', jobs: 'a recurring run cannot have an empty namespace in multi-user mode' };
const NOUN = { runs: 'runs', jobs: 'recurring runs' };

/**
 * RunServer.listRuns and JobServer.listJobs (server/run_server.go, server/job_server.go at 2.1.0 and
 * 2.14.0), the one listing behind both APIs: an experiment narrows to its rows (and its namespace is
 * the one authorized), else the namespace does; single-user mode lists every row.
 */
export function scopeRows<T extends { namespace: string; experimentId: string }>(
  ctx: ServiceContext,
  caller: Caller,
  scope: RowScope,
  rows: readonly T[],
  resource: 'runs' | 'jobs',
): T[] {
  let namespace = replaceNamespace(ctx, scope.namespace);
  if (scope.experimentId !== '') {
    try {
      namespace = findExperiment(ctx, scope.experimentId).namespace;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      throw error
        .wrap(`Failed to fetch namespace from experiment ${scope.experimentId}`)
        .wrap(`Failed to list ${NOUN[resource]} due to error fetching namespace for experiment ${scope.experimentId}. Try filtering based on namespace`);
    }
  }
  if (ctx.multiUser && namespace === '') throw invalidInput(EMPTY_NAMESPACE[resource]);
  authorize(ctx, caller, namespace, 'list', resource);
  if (scope.experimentId !== '') return rows.filter((row) => row.experimentId === scope.experimentId);
  return ctx.multiUser ? rows.filter((row) => row.namespace === namespace) : [...rows];
}
