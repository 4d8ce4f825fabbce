import { TRPCError, type TRPC_ERROR_CODE_KEY } from '@trpc/server';
import {
  ApiDomainError,
  AuthenticationError,
  CsrfError,
  InvalidInputError,
  InvalidStateError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitedError,
} from './domain-errors';

/** Error names raised by other libraries (store, engine, core) that carry a known meaning. */
const codeByForeignName: Readonly<Record<string, TRPC_ERROR_CODE_KEY>> = {
  NotFoundError: 'NOT_FOUND',
  EntityNotFoundError: 'NOT_FOUND',
  RecordNotFoundError: 'NOT_FOUND',
  UnknownMappingError: 'NOT_FOUND',
  VersionMismatchError: 'CONFLICT',
  ConflictError: 'CONFLICT',
  InvalidStateError: 'PRECONDITION_FAILED',
  InvalidActionError: 'PRECONDITION_FAILED',
  ValidationError: 'BAD_REQUEST',
  InvalidMappingError: 'BAD_REQUEST',
};

function codeOf(error: ApiDomainError): TRPC_ERROR_CODE_KEY {
  if (error instanceof NotFoundError) return 'NOT_FOUND';
  if (error instanceof AuthenticationError) return 'UNAUTHORIZED';
  if (error instanceof PermissionDeniedError) return 'FORBIDDEN';
  if (error instanceof CsrfError) return 'FORBIDDEN';
  if (error instanceof RateLimitedError) return 'TOO_MANY_REQUESTS';
  if (error instanceof InvalidStateError) return 'PRECONDITION_FAILED';
  if (error instanceof InvalidInputError) return 'BAD_REQUEST';
  return 'INTERNAL_SERVER_ERROR';
}

/**
 * The one place where thrown errors become tRPC errors. Returns null for errors it does not know,
 * which tRPC then reports as INTERNAL_SERVER_ERROR (the message is hidden from clients by the
 * error formatter).
 */
export function toTrpcError(error: unknown): TRPCError | null {
  if (error instanceof TRPCError) return error;
  if (error instanceof ApiDomainError) {
    return new TRPCError({ code: codeOf(error), message: error.message, cause: error });
  }
  if (error instanceof Error && error.name === 'InvalidCursorError') {
    // The store's paging cursor: reported like any bad input field.
    const cause = new InvalidInputError('cursor', error.message);
    return new TRPCError({ code: 'BAD_REQUEST', message: cause.message, cause });
  }
  if (error instanceof Error) {
    const code = codeByForeignName[error.name] ?? codeByForeignName[error.constructor.name];
    if (code) return new TRPCError({ code, message: error.message, cause: error });
  }
  return null;
}
