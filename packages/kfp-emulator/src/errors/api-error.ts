import { formatGoError, type GoErrorLayer } from './go-error';
import { GrpcCode, type GrpcCodeNumber } from './grpc-codes';

/**
 * An error the emulated API server answers with. `message` is the short, user-facing text
 * (what KFP puts in details[0].message); `chain` is the long internal error chain the real
 * server puts in the top-level `message`/`error` fields.
 */
export class ApiError extends Error {
  readonly code: GrpcCodeNumber;
  readonly chain: string;
  /** The code of the google.rpc.Status detail, when it differs from the status code. */
  readonly detailCode: GrpcCodeNumber;
  /** Made from a plain Go error, whose message is final (it already holds every wrap). */
  readonly plain: boolean;

  constructor(code: GrpcCodeNumber, message: string, chain?: string, detailCode?: GrpcCodeNumber, plain = false) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.chain = chain ?? message;
    this.detailCode = detailCode ?? code;
    this.plain = plain;
  }

  /** Prefixes the long chain the way util.Wrap does ("<context>: <cause>"), keeping code and short text. */
  wrap(context: string): ApiError {
    return new ApiError(this.code, this.message, `${context}: ${this.chain}`, this.detailCode);
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

/** An error the emulator did not expect (a bug): what ToGRPCError makes of a plain Go error. */
export const internal = (message: string): ApiError =>
  new ApiError(GrpcCode.Internal, message, `Internal error: ${message}`);

/**
 * A plain Go error (not a util.UserError) that reached the gRPC interceptor: util.ToGRPCError makes it
 * Internal, with an Unknown detail, both reading "Internal error: " and the error printed with "%+v".
 */
export function plainGoError(layers: readonly GoErrorLayer[]): ApiError {
  const message = `Internal error: ${formatGoError(layers)}`;
  return new ApiError(GrpcCode.Internal, message, message, GrpcCode.Unknown, true);
}

/**
 * util.NewInternalServerError(cause, context): the client sees only "Internal Server Error"; the cause
 * stays in the chain ("InternalServerError: <context>: <cause>"), as in backend/src/common/util/error.go at 2.1.0.
 */
export const internalServerError = (context: string, cause: ApiError): ApiError =>
  new ApiError(GrpcCode.Internal, 'Internal Server Error', `InternalServerError: ${context}: ${cause.chain}`);

export const unauthenticated = (message: string): ApiError =>
  new ApiError(GrpcCode.Unauthenticated, message, `Unauthenticated: ${message}`);

export const permissionDenied = (message: string): ApiError =>
  new ApiError(GrpcCode.PermissionDenied, message, `PermissionDenied: ${message}`);

/**
 * A request the gateway could not turn into a gRPC message (a body that is not JSON, a query value
 * of the wrong type). The generated handlers answer with a bare InvalidArgument status and no KFP
 * details: status.Errorf(codes.InvalidArgument, "%v", err).
 */
export class GatewayInputError extends Error {}
