import type { IncomingMessage, ServerResponse } from 'node:http';
import { dexKind } from '../auth/dex';
import { identify } from '../auth/identity';
import type { Emulator } from '../emulator';
import { ApiError, internal, invalidInput, unauthenticated } from '../errors/api-error';
import { gatewayErrorResponse, routeNotFoundResponse, uploadErrorResponse, type ErrorResponse } from '../errors/error-body';
import { GrpcCode, grpcFromHttpStatus } from '../errors/grpc-codes';
import type { EmulatorUser } from '../types';
import { parseJsonBody } from '../wire/message-schema';
import { parseQuery } from '../wire/query';
import { omitZeroValues } from '../wire/to-wire';
import { handleControl } from './control-api';
import { boundaryOf, parseMultipart } from './multipart';
import { BodyTooLargeError, readBody } from './read-body';
import { redactQuery } from './redact';
import { escapeHtml, htmlReply, jsonReply, type Reply } from './reply';
import { API_PREFIX, matchApiRoute, type ApiRoute, type RouteMatch } from './routes';

const UI_PATHS = new Set(['/', '/pipeline', '/pipeline/']);

/** What a request is, decided before faults, auth and handling. */
type Target =
  | { type: 'api'; kind: string; match: RouteMatch }
  | { type: 'dex'; kind: NonNullable<ReturnType<typeof dexKind>> }
  | { type: 'ui'; kind: 'ui' }
  | { type: 'none'; kind: 'notFound' };

function apiSubPath(path: string): string | undefined {
  for (const prefix of [API_PREFIX, `/pipeline${API_PREFIX}`]) {
    if (path === prefix) return '/';
    if (path.startsWith(`${prefix}/`)) return path.slice(prefix.length);
  }
  return undefined;
}

function classify(emulator: Emulator, method: string, path: string): Target {
  const sub = apiSubPath(path);
  if (sub !== undefined) {
    const match = matchApiRoute(method, sub);
    return { type: 'api', kind: match.found ? match.route.kind : 'notFound', match };
  }
  const dex = emulator.multiUser ? dexKind(method, path) : undefined;
  if (dex) return { type: 'dex', kind: dex };
  if (UI_PATHS.has(path) && method === 'GET') return { type: 'ui', kind: 'ui' };
  return { type: 'none', kind: 'notFound' };
}

const toReply = (e: ErrorResponse): Reply => jsonReply(e.status, e.body, e.headers);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The HTTP front of the emulator: control API, injected faults, auth, routing, request log. */
export function createRequestHandler(emulator: Emulator) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const rawQuery = q < 0 ? '' : rawUrl.slice(q + 1);

    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLargeError && !res.headersSent) {
        res.writeHead(413, { 'content-type': 'text/plain', connection: 'close' }).end(`${error.message}\n`);
      }
      return;
    }

    if (path === '/_emulator' || path.startsWith('/_emulator/')) {
      write(res, handleControl(emulator, method, path, new URLSearchParams(rawQuery), body.toString('utf8')));
      return;
    }

    const target = classify(emulator, method, path);
    const decision = emulator.faults.decide({ kind: target.kind, method, path });
    const latency = (target.type === 'api' ? emulator.latencyMs : 0) + decision.latencyMs;
    if (latency > 0) await sleep(latency);

    const user = emulator.multiUser
      ? identify(req.headers, emulator.users, (id) => emulator.dex.sessionUser(id))
      : undefined;
    const finish = (reply: Reply | 'reset') => {
      const status = reply === 'reset' ? 0 : reply.status;
      emulator.record({ method, path, query: redactQuery(rawQuery), status, kind: target.kind, identity: user?.name });
      emulator.log(`${method} ${path} -> ${reply === 'reset' ? 'connection reset (injected)' : status}`);
      if (reply === 'reset') req.socket.destroy();
      else write(res, reply);
    };

    if (decision.action?.type === 'reset') return finish('reset');
    if (decision.action?.type === 'status') {
      const status = decision.action.status;
      const error = new ApiError(grpcFromHttpStatus(status), `injected fault (rule ${decision.action.rule}): HTTP ${status}`);
      const isUpload = target.type === 'api' && target.match.found && target.match.route.body === 'upload';
      return finish(toReply(isUpload ? uploadErrorResponse(error, emulator.flavor, status) : { ...gatewayErrorResponse(error, emulator.flavor), status }));
    }

    switch (target.type) {
      case 'api':
        return finish(handleApi(emulator, method, target.match, rawQuery, req, body, user));
      case 'dex': {
        const form = isFormBody(req) ? new URLSearchParams(body.toString('utf8')) : new URLSearchParams();
        return finish(emulator.dex.handle(target.kind, path, new URLSearchParams(rawQuery), form));
      }
      case 'ui':
        if (emulator.multiUser && !user) return finish(emulator.dex.startLogin(rawUrl));
        return finish(htmlReply(200, uiPage(emulator, user)));
      case 'none':
        return finish(toReply(routeNotFoundResponse(emulator.flavor)));
    }
  };
}

function isFormBody(req: IncomingMessage): boolean {
  return /^application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '');
}

function handleApi(
  emulator: Emulator,
  method: string,
  match: RouteMatch,
  rawQuery: string,
  req: IncomingMessage,
  body: Buffer,
  user: EmulatorUser | undefined,
): Reply {
  if (!match.found) {
    if (!match.methodMismatch) return toReply(routeNotFoundResponse(emulator.flavor));
    return toReply(gatewayErrorResponse(new ApiError(GrpcCode.Unimplemented, 'Method Not Allowed'), emulator.flavor));
  }
  const route = match.route;
  try {
    if (emulator.multiUser && route.kind !== 'healthz' && !user) {
      throw unauthenticated('Request header error: there is no user identity header.').wrap(
        'Failed to authorize with API: Failed to authenticate the request',
      );
    }
    emulator.tick();
    const query = parseQuery(rawQuery);
    const call = {
      ctx: emulator,
      caller: { user },
      params: match.params,
      query,
      json: route.body === 'json' ? parseJsonBody(body.toString('utf8')) : undefined,
      file: route.body === 'upload' ? uploadedFile(req, body) : undefined,
    };
    const result = route.handle(call);
    if (method !== 'GET') emulator.persist();
    return jsonReply(200, omitZeroValues(result));
  } catch (error) {
    return errorReply(emulator, route, error);
  }
}

function uploadedFile(req: IncomingMessage, body: Buffer) {
  const boundary = boundaryOf(req.headers['content-type']);
  if (!boundary) throw invalidInput('Failed to read pipeline from file: request Content-Type isn\'t multipart/form-data');
  const part = parseMultipart(body, boundary).find((p) => p.name === 'uploadfile');
  if (!part) throw invalidInput('Failed to read pipeline from file: http: no such file (form field "uploadfile")');
  return { filename: part.filename ?? 'uploadfile', data: part.data };
}

function errorReply(emulator: Emulator, route: ApiRoute, error: unknown): Reply {
  const apiError =
    error instanceof ApiError ? error : internal(`unexpected emulator error: ${(error as Error)?.message ?? String(error)}`);
  if (!(error instanceof ApiError)) emulator.log(`internal error in ${route.kind}: ${(error as Error)?.stack ?? String(error)}`);
  return toReply(route.body === 'upload' ? uploadErrorResponse(apiError, emulator.flavor) : gatewayErrorResponse(apiError, emulator.flavor));
}

function uiPage(emulator: Emulator, user: EmulatorUser | undefined): string {
  const who = user ? `<p>Signed in as ${escapeHtml(user.name)}.</p>` : '';
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Kubeflow Pipelines (emulator)</title></head>\n<body>\n<h1>Kubeflow Pipelines API emulator</h1>\n${who}<p>API: <code>${API_PREFIX}</code> (flavor ${emulator.flavor}, ${emulator.multiUser ? 'multi-user' : 'single-user'}).</p>\n</body></html>\n`;
}

function write(res: ServerResponse, reply: Reply): void {
  if (res.destroyed) return;
  res.writeHead(reply.status, { ...reply.headers, 'content-length': String(Buffer.byteLength(reply.body)) });
  res.end(reply.body);
}
