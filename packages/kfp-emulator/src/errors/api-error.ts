import { GrpcCode, type GrpcCodeNumber } from './grpc-codes';

/**
 * An error the emulated API server answers with. `message` is the short, user-facing text
 * (what KFP puts in details[0].message); `chain` is the long internal error chain the real
 * server puts in the top-level `message`/`error` fields.
 */
export class ApiError extends Error {
  readonly code: GrpcCodeNumber;
  readonly chain: string;

  constructor(code: GrpcCodeNumber, message: string, chain?: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.chain = chain ?? message;
  }

  /** Prefixes the long chain the way util.Wrap does ("<context>: <cause>"), keeping code and short text. */
  wrap(context: string): ApiError {
    return new ApiError(this.code, this.message, `${context}: ${this.chain}`);
  }
}

export const invalidInput = (message: string): ApiError =>
  new ApiError(GrpcCode.InvalidArgument, message, `Invalid input error: ${message}`);

export const notFound = (type: string, id: string): ApiError => {
  const message = `${type} ${id} not found`;
  return new ApiError(GrpcCode.NotFound, message, `ResourceNotFoundError: ${message}`);
};

export const alreadyExists = (message: string): ApiError =>
  new ApiError(GrpcCode.AlreadyExists, message, `Already exist error: ${message}`);

/** KFP's NewBadRequestError maps to Aborted, which the gateway turns into HTTP 409. */
export const badRequest = (message: string): ApiError =>
  new ApiError(GrpcCode.Aborted, message, `BadRequestError: ${message}`);

export const failedPrecondition = (message: string): ApiError =>
  new ApiError(GrpcCode.FailedPrecondition, message, `FailedPreconditionError: ${message}`);

export const internal = (message: string): ApiError =>
  new ApiError(GrpcCode.Internal, message, `Internal error: ${message}`);

export const unauthenticated = (message: string): ApiError =>
  new ApiError(GrpcCode.Unauthenticated, message, `Unauthenticated: ${message}`);

export const permissionDenied = (message: string): ApiError =>
  new ApiError(GrpcCode.PermissionDenied, message, `PermissionDenied: ${message}`);
