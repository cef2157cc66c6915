import { DEX_KINDS } from '../auth/dex';
import * as experiments from '../resources/experiments';
import * as jobs from '../resources/jobs';
import * as upload from '../resources/pipeline-upload';
import * as pipelines from '../resources/pipelines';
import * as runs from '../resources/runs';
import type { Caller, Query, ServiceContext } from '../resources/context';
import { Verbatim } from '../wire/to-wire';

/** Everything a route handler may use from the request. */
export interface ApiCall {
  ctx: ServiceContext;
  caller: Caller;
  params: Record<string, string>;
  query: Query;
  /** Parsed JSON body (routes with `body: 'json'`). */
  json: unknown;
  /** The raw multipart request (routes with `body: 'upload'`). */
  upload?: upload.UploadRequest;
}

export interface ApiRoute {
  /** ANY: a handler on the router in front of the gateway (main.go), which takes every method. */
  method: 'GET' | 'POST' | 'DELETE' | 'ANY';
  /** Path below /apis/v1beta1, with {param} placeholders; a segment may end in a :verb. */
  path: string;
  kind: string;
  body?: 'json' | 'upload';
  handle: (call: ApiCall) => unknown;
}

export const API_ROUTES: ApiRoute[] = [
  {
    method: 'ANY',
    path: '/healthz',
    kind: 'healthz',
    // Hand-written handler in the real server: multi_user is always present, even when false.
    handle: ({ ctx }) => new Verbatim({ commit_sha: 'kfp-emulator', tag_name: ctx.flavor === '2.1' ? '2.1.0' : '2.14.0', multi_user: ctx.multiUser }) },

  { method: 'POST', path: '/experiments', kind: 'experiments.create', body: 'json', handle: (c) => experiments.createExperiment(c.ctx, c.caller, c.json) },
  { method: 'GET', path: '/experiments', kind: 'experiments.list', handle: (c) => experiments.listExperiments(c.ctx, c.caller, c.query) },
  { method: 'GET', path: '/experiments/{id}', kind: 'experiments.get', handle: (c) => experiments.getExperiment(c.ctx, c.caller, c.params.id) },
  { method: 'DELETE', path: '/experiments/{id}', kind: 'experiments.delete', handle: (c) => experiments.deleteExperiment(c.ctx, c.caller, c.params.id) },
  { method: 'POST', path: '/experiments/{id}:archive', kind: 'experiments.archive', handle: (c) => experiments.archiveExperiment(c.ctx, c.caller, c.params.id, true) },
  { method: 'POST', path: '/experiments/{id}:unarchive', kind: 'experiments.unarchive', handle: (c) => experiments.archiveExperiment(c.ctx, c.caller, c.params.id, false) },

  { method: 'POST', path: '/runs', kind: 'runs.create', body: 'json', handle: (c) => runs.createRun(c.ctx, c.caller, c.json) },
  { method: 'GET', path: '/runs', kind: 'runs.list', handle: (c) => runs.listRuns(c.ctx, c.caller, c.query) },
  { method: 'GET', path: '/runs/{id}', kind: 'runs.get', handle: (c) => runs.getRun(c.ctx, c.caller, c.params.id) },
  { method: 'DELETE', path: '/runs/{id}', kind: 'runs.delete', handle: (c) => runs.deleteRun(c.ctx, c.caller, c.params.id) },
  { method: 'POST', path: '/runs/{id}/terminate', kind: 'runs.terminate', handle: (c) => runs.terminateRun(c.ctx, c.caller, c.params.id) },
  { method: 'POST', path: '/runs/{id}/retry', kind: 'runs.retry', handle: (c) => runs.retryRun(c.ctx, c.caller, c.params.id) },
  { method: 'POST', path: '/runs/{id}:archive', kind: 'runs.archive', handle: (c) => runs.archiveRun(c.ctx, c.caller, c.params.id, true) },
  { method: 'POST', path: '/runs/{id}:unarchive', kind: 'runs.unarchive', handle: (c) => runs.archiveRun(c.ctx, c.caller, c.params.id, false) },
  { method: 'POST', path: '/runs/{id}:reportMetrics', kind: 'runs.reportMetrics', body: 'json', handle: (c) => runs.reportRunMetrics(c.ctx, c.caller, c.params.id, c.json) },

  { method: 'POST', path: '/jobs', kind: 'jobs.create', body: 'json', handle: (c) => jobs.createJob(c.ctx, c.caller, c.json) },
  { method: 'GET', path: '/jobs', kind: 'jobs.list', handle: (c) => jobs.listJobs(c.ctx, c.caller, c.query) },
  { method: 'GET', path: '/jobs/{id}', kind: 'jobs.get', handle: (c) => jobs.getJob(c.ctx, c.caller, c.params.id) },
  { method: 'DELETE', path: '/jobs/{id}', kind: 'jobs.delete', handle: (c) => jobs.deleteJob(c.ctx, c.caller, c.params.id) },
  { method: 'POST', path: '/jobs/{id}/enable', kind: 'jobs.enable', handle: (c) => jobs.setJobEnabled(c.ctx, c.caller, c.params.id, true) },
  { method: 'POST', path: '/jobs/{id}/disable', kind: 'jobs.disable', handle: (c) => jobs.setJobEnabled(c.ctx, c.caller, c.params.id, false) },

  { method: 'ANY', path: '/pipelines/upload', kind: 'pipelines.upload', body: 'upload', handle: (c) => upload.uploadPipeline(c.ctx, c.caller, c.query, c.upload!) },
  { method: 'ANY', path: '/pipelines/upload_version', kind: 'pipelines.uploadVersion', body: 'upload', handle: (c) => upload.uploadPipelineVersion(c.ctx, c.caller, c.query, c.upload!) },
  { method: 'POST', path: '/pipelines', kind: 'pipelines.create', body: 'json', handle: () => pipelines.createPipelineFromUrl() },
  { method: 'GET', path: '/pipelines', kind: 'pipelines.list', handle: (c) => pipelines.listPipelines(c.ctx, c.caller, c.query) },
  { method: 'GET', path: '/pipelines/{id}', kind: 'pipelines.get', handle: (c) => pipelines.getPipeline(c.ctx, c.caller, c.params.id) },
  { method: 'DELETE', path: '/pipelines/{id}', kind: 'pipelines.delete', handle: (c) => pipelines.deletePipeline(c.ctx, c.caller, c.params.id) },
  { method: 'GET', path: '/pipelines/{id}/templates', kind: 'pipelines.template', handle: (c) => pipelines.getPipelineTemplate(c.ctx, c.caller, c.params.id) },
  { method: 'POST', path: '/pipelines/{pipeline_id}/default_version/{version_id}', kind: 'pipelines.setDefaultVersion', handle: (c) => pipelines.setDefaultPipelineVersion(c.ctx, c.caller, c.params.pipeline_id, c.params.version_id) },
  { method: 'GET', path: '/namespaces/{namespace}/pipelines/{name}', kind: 'pipelines.getByName', handle: (c) => pipelines.getPipelineByName(c.ctx, c.caller, c.params.namespace, c.params.name) },
  { method: 'POST', path: '/pipeline_versions', kind: 'pipelineVersions.create', body: 'json', handle: () => pipelines.createPipelineFromUrl() },
  { method: 'GET', path: '/pipeline_versions', kind: 'pipelineVersions.list', handle: (c) => pipelines.listPipelineVersions(c.ctx, c.caller, c.query) },
  { method: 'GET', path: '/pipeline_versions/{id}', kind: 'pipelineVersions.get', handle: (c) => pipelines.getPipelineVersion(c.ctx, c.caller, c.params.id) },
  { method: 'DELETE', path: '/pipeline_versions/{id}', kind: 'pipelineVersions.delete', handle: (c) => pipelines.deletePipelineVersion(c.ctx, c.caller, c.params.id) },
  { method: 'GET', path: '/pipeline_versions/{id}/templates', kind: 'pipelineVersions.template', handle: (c) => pipelines.getPipelineVersionTemplate(c.ctx, c.caller, c.params.id) },
];

export const API_PREFIX = '/apis/v1beta1';

/** Every request kind the log records and fault rules can name. */
export const REQUEST_KINDS: ReadonlySet<string> = new Set([...API_ROUTES.map((r) => r.kind), ...DEX_KINDS, 'ui', 'notFound']);

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

const COMPILED = API_ROUTES.map(compile);

export type RouteMatch =
  | { found: true; route: ApiRoute; params: Record<string, string> }
  | { found: false; methodMismatch: boolean };

/** Matches a path below /apis/v1beta1 (prefix already removed). */
export function matchApiRoute(method: string, subPath: string): RouteMatch {
  let methodMismatch = false;
  for (const { route, regex, names } of COMPILED) {
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
