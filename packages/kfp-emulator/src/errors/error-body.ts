import type { ApiError } from './api-error';
import { httpStatusFromGrpc } from './grpc-codes';
import type { Flavor } from '../types';

export interface ErrorResponse {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

const STATUS_TYPE = 'type.googleapis.com/google.rpc.Status';

/** The JSON error body grpc-gateway writes for the given flavor (v1 for 2.1, v2 for 2.14+). */
export function gatewayErrorResponse(error: ApiError, flavor: Flavor): ErrorResponse {
  const status = httpStatusFromGrpc(error.code, flavor);
  const details = [{ '@type': STATUS_TYPE, code: error.code, message: error.message }];
  const headers: Record<string, string> = {};
  if (flavor === '2.1') {
    return { status, headers, body: { error: error.chain, code: error.code, message: error.chain, details } };
  }
  if (status === 401) headers['www-authenticate'] = 'Bearer realm="kubeflow-pipelines"';
  return { status, headers, body: { code: error.code, message: error.chain, details } };
}

/** The gateway's own 404 for a path no route matches (no KFP details). */
export function routeNotFoundResponse(flavor: Flavor): ErrorResponse {
  const body =
    flavor === '2.1' ? { error: 'Not Found', code: 5, message: 'Not Found' } : { code: 5, message: 'Not Found', details: [] };
  return { status: 404, headers: {}, body };
}

/** The multipart upload handler is plain net/http: `{error_message, error_details}` in every version. */
export function uploadErrorResponse(error: ApiError, flavor: Flavor, statusOverride?: number): ErrorResponse {
  const status = statusOverride ?? httpStatusFromGrpc(error.code, flavor);
  return { status, headers: {}, body: { error_message: error.message, error_details: error.chain } };
}
