import type { IncomingMessage, ServerResponse } from 'node:http';
import { dexKind } from '../auth/dex';
import { identify, type Identification } from '../auth/identity';
import type { Emulator } from '../emulator';
import { ApiError, badRequest, GatewayInputError, internal, unauthenticated } from '../errors/api-error';
import {
  gatewayErrorResponse,
  grpcStatusResponse,
  methodNotAllowedResponse,
  pageNotFoundResponse,
  routeNotFoundResponse,
  uploadErrorResponse,
} from '../errors/error-body';
import { GrpcCode, grpcFromHttpStatus } from '../errors/grpc-codes';
import { UploadFailure } from '../resources/pipeline-upload';
import type { EmulatorUser } from '../types';
import { parseJsonBody } from '../wire/message-schema';
import { parseQuery } from '../wire/query';
import { omitZeroValues } from '../wire/to-wire';
import { handleControl } from './control-api';
import { BodyTooLargeError, readBody } from './read-body';
import { redactQuery } from './redact';
import { escapeHtml, htmlReply, jsonReply, type Reply } from './reply';
import { API_VERSIONS, matchApiRoute, type ApiRoute, type RouteMatch } from './routes';

const UI_PATHS = new Set(['/', '/pipeline', '/pipeline/']);

/** What a request is, decided before faults, auth and handling. */
type Target =
  | { type: 'api'; kind: string; match: RouteMatch }
  | { type: 'gateway'; kind: 'notFound' }
  | { type: 'dex'; kind: NonNullable<ReturnType<typeof dexKind>> }
  | { type: 'ui'; kind: 'ui' }
  | { type: 'none'; kind: 'notFound' };

/** The path as the API server sees it: the Kubeflow gateway serves it under /pipeline too. */
function serverPath(path: string): string {
  return path.startsWith('/pipeline/apis/') ? path.slice('/pipeline'.length) : path;
}

function classify(emulator: Emulator, method: string, path: string): Target {
  const server = serverPath(path);
  const match = matchApiRoute(method, server);
  if (match) return { type: 'api', kind: match.found ? match.route.kind : 'notFound', match };
  // Everything else below /apis/ is the gateway's (main.go routes the /apis/ prefix to it).
  if (server.startsWith('/apis/')) return { type: 'gateway', kind: 'notFound' };
  const dex = emulator.multiUser ? dexKind(method, path) : undefined;
  if (dex) return { type: 'dex', kind: dex };
  if (UI_PATHS.has(path) && method === 'GET') return { type: 'ui', kind: 'ui' };
  return { type: 'none', kind: 'notFound' };
}

/** An injected delay; it never keeps the process alive on its own (a test may close the emulator meanwhile). */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

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
    // The request is handled after the delay even when the client has given up meanwhile, as a
    // server that is slow, not dead, carries it out.
    if (latency > 0) await sleep(latency);

    const identification: Identification = emulator.multiUser
      ? identify(req.headers, req.headersDistinct, emulator.users, (id) => emulator.dex.sessionUser(id), emulator.userIdHeader)
      : {};
    const user = identification.user;
    const finish = async (reply: Reply | 'reset') => {
      const status = reply === 'reset' ? 0 : reply.status;
      emulator.record({ method, path, query: redactQuery(rawQuery), status, kind: target.kind, identity: user?.name });
      emulator.log(`${method} ${path} -> ${reply === 'reset' ? 'connection reset (injected)' : status}`);
      if (reply === 'reset') {
        req.socket.destroy();
        return;
      }
      // Committed and recorded; the answer is held back (the client may time out before it arrives).
      if (decision.replyDelayMs > 0) await sleep(decision.replyDelayMs);
      write(res, reply);
    };

    if (decision.action?.type === 'reset') return finish('reset');
    if (decision.action?.type === 'status') {
      const status = decision.action.status;
      const error = new ApiError(grpcFromHttpStatus(status), `injected fault (rule ${decision.action.rule}): HTTP ${status}`);
      const isUpload = target.type === 'api' && target.match.found && target.match.route.body === 'upload';
      const reply = isUpload ? uploadErrorResponse(status, error.chain, error.chain, 'json') : { ...gatewayErrorResponse(error, emulator.flavor), status };
      const retryAfter = decision.action.retryAfterSeconds;
      return finish(retryAfter === undefined ? reply : { ...reply, headers: { ...reply.headers, 'retry-after': String(retryAfter) } });
    }

    switch (target.type) {
      case 'api':
        return finish(handleApi(emulator, method, target.match, rawQuery, req, body, identification));
      case 'gateway':
        return finish(routeNotFoundResponse(emulator.flavor));
      case 'dex': {
        const form = isFormBody(req) ? new URLSearchParams(body.toString('utf8')) : new URLSearchParams();
        return finish(emulator.dex.handle(target.kind, path, new URLSearchParams(rawQuery), form));
      }
      case 'ui':
        if (emulator.multiUser && !user) return finish(emulator.dex.startLogin(rawUrl));
        return finish(htmlReply(200, uiPage(emulator, user)));
      case 'none':
        return finish(pageNotFoundResponse());
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
  identification: Identification,
): Reply {
  if (!match.found) return match.methodMismatch ? methodNotAllowedResponse(emulator.flavor) : routeNotFoundResponse(emulator.flavor);
  const route = match.route;
  const user = identification.user;
  try {
    // The user-id header authenticator's errors are BadRequestErrors (HTTP 409).
    if (identification.headerProblem) throw badRequest(identification.headerProblem);
    // The upload handler authorizes (and authenticates) on its own; healthz needs no identity.
    if (emulator.multiUser && !route.anonymous && route.body !== 'upload' && !user) {
      throw unauthenticated('Failed to check authorization. User identity is empty in the request header').wrap(
        'Failed to authorize with API',
      );
    }
    emulator.tick();
    const call = {
      ctx: emulator,
      caller: { user },
      params: match.params,
      query: parseQuery(rawQuery),
      json: route.body === 'json' ? parseJsonBody(body.toString('utf8')) : undefined,
      upload: route.body === 'upload' ? { contentType: req.headers['content-type'], body } : undefined,
    };
    const result = route.handle(call);
    if (method !== 'GET') emulator.persist();
    return jsonReply(200, omitZeroValues(result));
  } catch (error) {
    return errorReply(emulator, route, error);
  }
}

function errorReply(emulator: Emulator, route: ApiRoute, error: unknown): Reply {
  if (error instanceof UploadFailure) return error.reply;
  if (error instanceof GatewayInputError) return grpcStatusResponse(emulator.flavor, GrpcCode.InvalidArgument, error.message);
  const apiError =
    error instanceof ApiError ? error : internal(`unexpected emulator error: ${(error as Error)?.message ?? String(error)}`);
  if (!(error instanceof ApiError)) emulator.log(`internal error in ${route.kind}: ${(error as Error)?.stack ?? String(error)}`);
  if (route.body === 'upload') return uploadErrorResponse(500, apiError.chain, apiError.chain, 'json');
  return gatewayErrorResponse(apiError, emulator.flavor);
}

function uiPage(emulator: Emulator, user: EmulatorUser | undefined): string {
  const who = user ? `<p>Signed in as ${escapeHtml(user.name)}.</p>` : '';
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Kubeflow Pipelines (emulator)</title></head>\n<body>\n<h1>Kubeflow Pipelines API emulator</h1>\n${who}<p>APIs: ${API_VERSIONS.map((api) => `<code>${api.prefix}</code>`).join(', ')} (flavor ${emulator.flavor}, ${emulator.multiUser ? 'multi-user' : 'single-user'}).</p>\n</body></html>\n`;
}

function write(res: ServerResponse, reply: Reply): void {
  if (res.destroyed) return;
  res.writeHead(reply.status, { ...reply.headers, 'content-length': String(Buffer.byteLength(reply.body)) });
  res.end(reply.body);
}
