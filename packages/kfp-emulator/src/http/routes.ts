import { V1BETA1_ROUTES } from '../api/v1beta1/routes';
import { V2BETA1_ROUTES } from '../api/v2beta1/routes';
import { DEX_KINDS } from '../auth/dex';
import type { Caller, Query, ServiceContext } from '../resources/context';
import type { UploadRequest } from '../resources/pipeline-upload';

/** Everything a route handler may use from the request. */
export interface ApiCall {
  ctx: ServiceContext;
  caller: Caller;
  params: Record<string, string>;
  query: Query;
  /** Parsed JSON body (routes with `body: 'json'`). */
  json: unknown;
  /** The raw multipart request (routes with `body: 'upload'`). */
  upload?: UploadRequest;
}

export interface ApiRoute {
  /** ANY: a handler on the router in front of the gateway (main.go), which takes every method. */
  method: 'GET' | 'POST' | 'DELETE' | 'ANY';
  /** Path below its API's prefix (/apis/v1beta1, /apis/v2beta1), with {param} placeholders; a segment may end in a :verb. */
  path: string;
  kind: string;
  body?: 'json' | 'upload';
  /** Served without an identity, in multi-user mode too (healthz). */
  anonymous?: true;
  handle: (call: ApiCall) => unknown;
}

/** The APIs the server serves, by path prefix (main.go registers both on one gateway). */
export const API_VERSIONS = [
  { prefix: '/apis/v1beta1', routes: V1BETA1_ROUTES },
  { prefix: '/apis/v2beta1', routes: V2BETA1_ROUTES },
] as const;

/** Every request kind the log records and fault rules can name. */
export const REQUEST_KINDS: ReadonlySet<string> = new Set([
  ...API_VERSIONS.flatMap((api) => api.routes.map((r) => r.kind)),
  ...DEX_KINDS,
  'ui',
  'notFound',
]);

interface CompiledRoute {
  route: ApiRoute;
  regex: RegExp;
  names: string[];
}

function compile(route: ApiRoute): CompiledRoute {
  const names: string[] = [];
  const source = route.path
    .split(/(\{[a-z_]+\})/)
    .map((part) => {
      const param = /^\{([a-z_]+)\}$/.exec(part);
      if (!param) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(param[1]);
      // A path segment: no slash, and no colon (a ":verb" follows it).
      return '([^/:]+)';
    })
    .join('');
  return { route, regex: new RegExp(`^${source}$`), names };
}

const COMPILED = API_VERSIONS.map((api) => ({ prefix: api.prefix, routes: api.routes.map(compile) }));

export type RouteMatch =
  | { found: true; route: ApiRoute; params: Record<string, string> }
  | { found: false; methodMismatch: boolean };

/** Matches a path as the server sees it (the /pipeline prefix removed); undefined when it is below no API's prefix. */
export function matchApiRoute(method: string, serverPath: string): RouteMatch | undefined {
  const api = COMPILED.find((a) => serverPath.startsWith(`${a.prefix}/`));
  if (!api) return undefined;
  const subPath = serverPath.slice(api.prefix.length);
  let methodMismatch = false;
  for (const { route, regex, names } of api.routes) {
    const m = regex.exec(subPath);
    if (!m) continue;
    if (route.method !== method && route.method !== 'ANY') {
      methodMismatch = true;
      continue;
    }
    const params: Record<string, string> = {};
    try {
      names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1])));
    } catch {
      return { found: false, methodMismatch: false };
    }
    return { found: true, route, params };
  }
  return { found: false, methodMismatch };
}
