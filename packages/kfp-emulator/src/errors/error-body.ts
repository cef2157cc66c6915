import type { Reply } from '../http/reply';
import type { Flavor } from '../types';
import type { ApiError } from './api-error';
import { GrpcCode, httpStatusFromGrpc, type GrpcCodeNumber } from './grpc-codes';

const STATUS_TYPE = 'type.googleapis.com/google.rpc.Status';
const JSON_TYPE = 'application/json';
/** What Go's net/http writes for http.Error, and sniffs for a body written without a Content-Type. */
const TEXT_TYPE = 'text/plain; charset=utf-8';

const reply = (status: number, contentType: string, body: string, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'content-type': contentType, ...headers },
  body,
});

/**
 * util.ToRpcStatus: a KFP error as the google.rpc.Status a v2beta1 message carries in its `error`
 * field (a row the server could not convert): the long chain, and the short text in a Status detail.
 */
export function rpcStatus(error: ApiError): Record<string, unknown> {
  return { code: error.code, message: error.chain, details: [{ '@type': STATUS_TYPE, code: error.detailCode, message: error.message }] };
}

/**
 * The JSON error body grpc-gateway writes for a KFP error (a UserError with its google.rpc.Status
 * detail): v1 (2.1) `{error, code, message, details}`; v2 (2.14+) `{code, message, details}`.
 */
export function gatewayErrorResponse(error: ApiError, flavor: Flavor): Reply {
  const status = rpcStatus(error);
  return grpcStatusResponse(flavor, error.code, error.chain, status.details as unknown[]);
}

/**
 * A gRPC status as the gateway writes it. v1: runtime.DefaultHTTPError (errors.go at v1.16.0).
 * v2: runtime.DefaultHTTPErrorHandler (errors.go at v2.27.1), with KFP's marshaler (EmitUnpopulated
 * false, so an empty `details` is left out), and WWW-Authenticate set to the status message on 401.
 */
export function grpcStatusResponse(flavor: Flavor, code: GrpcCodeNumber, message: string, details: unknown[] = []): Reply {
  const status = httpStatusFromGrpc(code, flavor);
  const withDetails = details.length > 0 ? { details } : {};
  if (flavor === '2.1') return reply(status, JSON_TYPE, JSON.stringify({ error: message, code, message, ...withDetails }));
  const headers: Record<string, string> = code === GrpcCode.Unauthenticated ? { 'www-authenticate': oneLine(message) } : {};
  return reply(status, JSON_TYPE, JSON.stringify({ code, message, ...withDetails }), headers);
}

/** net/http's http.Error: text/plain, the message and a newline. */
export function plainTextResponse(status: number, message: string): Reply {
  return reply(status, TEXT_TYPE, `${message}\n`, { 'x-content-type-options': 'nosniff' });
}

/**
 * A path below /apis/ that no route matches. v1.16.0's ServeMux has no proto error handler in KFP
 * (backend/src/apiserver/main.go at 2.1.0 sets none), so DefaultOtherErrorHandler answers with
 * http.Error; v2's DefaultRoutingErrorHandler answers with a NotFound status.
 */
export function routeNotFoundResponse(flavor: Flavor): Reply {
  return flavor === '2.1' ? plainTextResponse(404, 'Not Found') : grpcStatusResponse(flavor, GrpcCode.NotFound, 'Not Found');
}

/** A known path with another method: v1 answers 405 text/plain; v2 maps it to Unimplemented (HTTP 501). */
export function methodNotAllowedResponse(flavor: Flavor): Reply {
  return flavor === '2.1'
    ? plainTextResponse(405, 'Method Not Allowed')
    : grpcStatusResponse(flavor, GrpcCode.Unimplemented, 'Method Not Allowed');
}

/** A path outside /apis/: the gorilla router in front of the gateway (main.go) answers with http.NotFound. */
export function pageNotFoundResponse(): Reply {
  return plainTextResponse(404, '404 page not found');
}

/**
 * The multipart upload handler is plain net/http (server/pipeline_upload_server.go, writeErrorToResponse at
 * 2.1.0): `{error_message: err.Error(), error_details: fmt.Sprintf("%+v", err)}` with the status it chose.
 * Errors before it sets Content-Type (reading the file, authorization) go out as sniffed text/plain.
 */
export function uploadErrorResponse(
  status: number,
  errorMessage: string,
  errorDetails: string,
  contentType: 'json' | 'sniffed-text',
): Reply {
  const body = JSON.stringify({ error_message: errorMessage, error_details: errorDetails });
  return reply(status, contentType === 'json' ? JSON_TYPE : TEXT_TYPE, body);
}

const oneLine = (text: string): string => text.replace(/[\r\n]+/g, ' ');
