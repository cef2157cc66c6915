import { alreadyExists, badRequest, notFound, unauthenticated } from './api-error';
import { gatewayErrorResponse, routeNotFoundResponse, uploadErrorResponse } from './error-body';
import { GrpcCode, httpStatusFromGrpc } from './grpc-codes';

describe('error bodies per flavor', () => {
  const error = alreadyExists('The name x already exists').wrap('Failed to create a new experiment');

  it('2.1 (grpc-gateway v1): error + code + message + google.rpc.Status details', () => {
    const response = gatewayErrorResponse(error, '2.1');
    expect(response.status).toBe(409);
    expect(response.body).toEqual({
      error: 'Failed to create a new experiment: Already exist error: The name x already exists',
      code: 6,
      message: 'Failed to create a new experiment: Already exist error: The name x already exists',
      details: [{ '@type': 'type.googleapis.com/google.rpc.Status', code: 6, message: 'The name x already exists' }],
    });
  });

  it('2.14 (grpc-gateway v2): no error key', () => {
    const response = gatewayErrorResponse(error, '2.14');
    expect(Object.keys(response.body)).toEqual(['code', 'message', 'details']);
    expect(response.headers).toEqual({});
  });

  it('2.14 adds WWW-Authenticate on 401, 2.1 does not', () => {
    expect(gatewayErrorResponse(unauthenticated('no identity'), '2.14').headers['www-authenticate']).toMatch(/^Bearer/);
    expect(gatewayErrorResponse(unauthenticated('no identity'), '2.1').headers).toEqual({});
  });

  it('maps KFP error kinds to HTTP statuses', () => {
    expect(gatewayErrorResponse(notFound('Run', 'r1'), '2.1').status).toBe(404);
    expect(gatewayErrorResponse(notFound('Run', 'r1'), '2.1').body.details).toEqual([
      { '@type': 'type.googleapis.com/google.rpc.Status', code: 5, message: 'Run r1 not found' },
    ]);
    expect(gatewayErrorResponse(badRequest('default experiment'), '2.14').status).toBe(409);
    expect(httpStatusFromGrpc(GrpcCode.Canceled, '2.1')).toBe(408);
    expect(httpStatusFromGrpc(GrpcCode.Canceled, '2.14')).toBe(499);
  });

  it('upload errors are {error_message, error_details} in both flavors', () => {
    for (const flavor of ['2.1', '2.14'] as const) {
      expect(uploadErrorResponse(error, flavor)).toEqual({
        status: 409,
        headers: {},
        body: { error_message: 'The name x already exists', error_details: error.chain },
      });
    }
  });

  it('unknown routes get the gateway 404 body', () => {
    expect(routeNotFoundResponse('2.1').body).toEqual({ error: 'Not Found', code: 5, message: 'Not Found' });
    expect(routeNotFoundResponse('2.14').body).toEqual({ code: 5, message: 'Not Found', details: [] });
  });
});
