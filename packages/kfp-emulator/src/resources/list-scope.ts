import { invalidInput } from '../errors/api-error';
import type { ListQuery } from '../list/list-request';
import type { Query, ServiceContext } from './context';

export function listQuery(query: Query): ListQuery {
  return {
    page_token: query.get('page_token'),
    page_size: query.get('page_size'),
    sort_by: query.get('sort_by'),
    filter: query.get('filter'),
  };
}

/** Single-user mode ignores namespaces; multi-user mode requires one. */
export function namespaceScope(ctx: ServiceContext, namespace: string, emptyMessage: string): string {
  if (!ctx.multiUser) return '';
  if (namespace === '') throw invalidInput(emptyMessage);
  return namespace;
}
