import { alreadyExists, badRequest, internalServerError, invalidInput, notFound, plainGoError, unauthenticated } from './api-error';
import {
  gatewayErrorResponse,
  grpcStatusResponse,
  methodNotAllowedResponse,
  pageNotFoundResponse,
  routeNotFoundResponse,
  uploadErrorResponse,
} from './error-body';
import { GrpcCode, httpStatusFromGrpc } from './grpc-codes';

const json = (body: string) => JSON.parse(body) as Record<string, unknown>;

describe('error bodies per flavor', () => {
  const error = alreadyExists('The name x already exists').wrap('Failed to create a new experiment');

  it('2.1 (grpc-gateway v1): error + code + message + google.rpc.Status details', () => {
    const response = gatewayErrorResponse(error, '2.1');
    expect(response.status).toBe(409);
    expect(response.headers['content-type']).toBe('application/json');
    expect(json(response.body)).toEqual({
      error: 'Failed to create a new experiment: Already exist error: The name x already exists',
      code: 6,
      message: 'Failed to create a new experiment: Already exist error: The name x already exists',
      details: [{ '@type': 'type.googleapis.com/google.rpc.Status', code: 6, message: 'The name x already exists' }],
    });
  });

  it('2.14 (grpc-gateway v2): no error key', () => {
    const response = gatewayErrorResponse(error, '2.14');
    expect(Object.keys(json(response.body))).toEqual(['code', 'message', 'details']);
    expect(response.headers['www-authenticate']).toBeUndefined();
  });

  it('2.14 sets WWW-Authenticate to the status message on 401 (DefaultHTTPErrorHandler), 2.1 does not', () => {
    const error401 = unauthenticated('no identity').wrap('Failed to authorize with API');
    expect(gatewayErrorResponse(error401, '2.14').headers['www-authenticate']).toBe('Failed to authorize with API: Unauthenticated: no identity');
    expect(gatewayErrorResponse(error401, '2.1').headers['www-authenticate']).toBeUndefined();
  });

  it('maps KFP error kinds to HTTP statuses', () => {
    expect(gatewayErrorResponse(notFound('Run', 'r1'), '2.1').status).toBe(404);
    expect(json(gatewayErrorResponse(notFound('Run', 'r1'), '2.1').body).details).toEqual([
      { '@type': 'type.googleapis.com/google.rpc.Status', code: 5, message: 'Run r1 not found' },
    ]);
    expect(gatewayErrorResponse(badRequest('default experiment'), '2.14').status).toBe(409);
    expect(httpStatusFromGrpc(GrpcCode.Canceled, '2.1')).toBe(408);
    expect(httpStatusFromGrpc(GrpcCode.Canceled, '2.14')).toBe(499);
  });

  it('an internal server error shows only "Internal Server Error" to the client, the cause only in the chain', () => {
    const response = gatewayErrorResponse(internalServerError('Failed to fetch', invalidInput('empty manifest')), '2.1');
    expect(response.status).toBe(500);
    expect(json(response.body)).toMatchObject({
      code: 13,
      message: 'InternalServerError: Failed to fetch: Invalid input error: empty manifest',
      details: [{ code: 13, message: 'Internal Server Error' }],
    });
  });

  it('a plain Go error is Internal with an Unknown detail holding the stack', () => {
    const body = json(gatewayErrorResponse(plainGoError([{ message: 'boom', stack: [{ func: 'pkg.F', file: 'apiserver/f.go', line: 3 }] }]), '2.14').body);
    expect(body.code).toBe(13);
    expect(body.details).toEqual([
      { '@type': 'type.googleapis.com/google.rpc.Status', code: 2, message: 'Internal error: boom\npkg.F\n\t/go/src/github.com/kubeflow/pipelines/backend/src/apiserver/f.go:3' },
    ]);
  });

  it('a bare gateway status has no details', () => {
    expect(json(grpcStatusResponse('2.1', GrpcCode.InvalidArgument, 'unexpected EOF').body)).toEqual({ error: 'unexpected EOF', code: 3, message: 'unexpected EOF' });
    expect(json(grpcStatusResponse('2.14', GrpcCode.InvalidArgument, 'unexpected EOF').body)).toEqual({ code: 3, message: 'unexpected EOF' });
  });

  it('routing errors: text/plain from gateway v1, JSON statuses from v2, the router 404 page elsewhere', () => {
    expect(routeNotFoundResponse('2.1')).toMatchObject({ status: 404, body: 'Not Found\n', headers: { 'content-type': 'text/plain; charset=utf-8' } });
    expect(json(routeNotFoundResponse('2.14').body)).toEqual({ code: 5, message: 'Not Found' });
    expect(methodNotAllowedResponse('2.1')).toMatchObject({ status: 405, body: 'Method Not Allowed\n' });
    expect(methodNotAllowedResponse('2.14').status).toBe(501);
    expect(json(methodNotAllowedResponse('2.14').body)).toEqual({ code: 12, message: 'Method Not Allowed' });
    expect(pageNotFoundResponse()).toMatchObject({ status: 404, body: '404 page not found\n' });
  });

  it('upload errors are {error_message, error_details}, text/plain before the handler sets JSON', () => {
    const early = uploadErrorResponse(400, 'm', 'd', 'sniffed-text');
    expect(early.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(json(early.body)).toEqual({ error_message: 'm', error_details: 'd' });
    expect(uploadErrorResponse(409, 'm', 'd', 'json').headers['content-type']).toBe('application/json');
  });
});
