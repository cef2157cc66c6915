/** gRPC status codes used by the KFP API server, and their HTTP mapping (grpc-gateway runtime.HTTPStatusFromCode). */
export const GrpcCode = {
  Canceled: 1,
  Unknown: 2,
  InvalidArgument: 3,
  DeadlineExceeded: 4,
  NotFound: 5,
  AlreadyExists: 6,
  PermissionDenied: 7,
  ResourceExhausted: 8,
  FailedPrecondition: 9,
  Aborted: 10,
  OutOfRange: 11,
  Unimplemented: 12,
  Internal: 13,
  Unavailable: 14,
  DataLoss: 15,
  Unauthenticated: 16,
} as const;

export type GrpcCodeNumber = (typeof GrpcCode)[keyof typeof GrpcCode];

const HTTP_BY_CODE: Record<GrpcCodeNumber, number> = {
  1: 499,
  2: 500,
  3: 400,
  4: 504,
  5: 404,
  6: 409,
  7: 403,
  8: 429,
  9: 400,
  10: 409,
  11: 400,
  12: 501,
  13: 500,
  14: 503,
  15: 500,
  16: 401,
};

export function httpStatusFromGrpc(code: GrpcCodeNumber, flavor: '2.1' | '2.14'): number {
  // grpc-gateway v1 maps Canceled to 408, v2 to 499.
  if (code === GrpcCode.Canceled) return flavor === '2.1' ? 408 : 499;
  return HTTP_BY_CODE[code];
}

/** Best grpc code for an HTTP status chosen by a fault rule. */
export function grpcFromHttpStatus(status: number): GrpcCodeNumber {
  switch (status) {
    case 400:
      return GrpcCode.InvalidArgument;
    case 401:
      return GrpcCode.Unauthenticated;
    case 403:
      return GrpcCode.PermissionDenied;
    case 404:
      return GrpcCode.NotFound;
    case 408:
    case 499:
      return GrpcCode.Canceled;
    case 409:
      return GrpcCode.Aborted;
    case 429:
      return GrpcCode.ResourceExhausted;
    case 501:
      return GrpcCode.Unimplemented;
    case 503:
      return GrpcCode.Unavailable;
    case 504:
      return GrpcCode.DeadlineExceeded;
    default:
      return status >= 500 ? GrpcCode.Internal : GrpcCode.Unknown;
  }
}
