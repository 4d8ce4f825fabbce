/**
 * Named errors shared by both mocks. Each names a `kind` (and optionally a finer `reason`); the
 * HTTP status and the service's own error `code` are chosen in ONE place, `errorResponse`
 * (errors/error-response.ts), from an `ErrorStyle` each service supplies (Dataverse '0x80040217',
 * Business Central 'BadRequest_NotFound', …).
 */
export type ODataErrorKind =
  | 'BadRequest'
  | 'Unauthorized'
  | 'ResourceNotFound'
  | 'EntityNotFound'
  | 'MethodNotAllowed'
  | 'VersionMismatch'
  | 'AlreadyExists'
  | 'PreconditionRequired'
  | 'UnsupportedMediaType'
  | 'PayloadTooLarge'
  | 'Throttled'
  | 'NotImplemented'
  | 'ServiceUnavailable';

/** Status used when the service's style does not override it. */
export const defaultStatus: Record<ODataErrorKind, number> = {
  BadRequest: 400,
  Unauthorized: 401,
  ResourceNotFound: 404,
  EntityNotFound: 404,
  MethodNotAllowed: 405,
  VersionMismatch: 412,
  AlreadyExists: 412,
  PreconditionRequired: 428,
  UnsupportedMediaType: 415,
  PayloadTooLarge: 413,
  Throttled: 429,
  NotImplemented: 501,
  ServiceUnavailable: 503,
};

export abstract class ODataError extends Error {
  abstract readonly kind: ODataErrorKind;
  /** Finer cause inside a kind, e.g. 'InvalidProperty' for a BadRequest; used to pick a code. */
  readonly reason: string | undefined;
  /** An explicit service code that wins over the style's mapping. */
  readonly code: string | undefined;
  constructor(
    message: string,
    options: { reason?: string | undefined; code?: string | undefined } = {},
  ) {
    super(message);
    this.reason = options.reason;
    this.code = options.code;
  }
}

/** Malformed request: bad JSON, unknown property, wrong type, bad query option or key. */
export class BadRequestError extends ODataError {
  readonly kind = 'BadRequest';
  constructor(message: string, reason?: string, code?: string) {
    super(message, { reason, code });
    this.name = 'BadRequestError';
  }
}

export class UnauthorizedError extends ODataError {
  readonly kind = 'Unauthorized';
  constructor(message = 'The bearer token is missing or not valid.') {
    super(message);
    this.name = 'UnauthorizedError';
  }
}

/** Unknown URL, entity set or navigation segment. */
export class ResourceNotFoundError extends ODataError {
  readonly kind = 'ResourceNotFound';
  constructor(
    readonly path: string,
    message = `Resource not found for the segment '${path}'.`,
  ) {
    super(message);
    this.name = 'ResourceNotFoundError';
  }
}

export class EntityNotFoundError extends ODataError {
  readonly kind = 'EntityNotFound';
  constructor(
    readonly entityName: string,
    readonly id: string,
    message = `${entityName} With Id = ${id} Does Not Exist`,
  ) {
    super(message);
    this.name = 'EntityNotFoundError';
  }
}

export class MethodNotAllowedError extends ODataError {
  readonly kind = 'MethodNotAllowed';
  constructor(method: string, path: string) {
    super(`The HTTP method '${method}' is not allowed on '${path}'.`);
    this.name = 'MethodNotAllowedError';
  }
}

/** `If-Match` names an older version than the stored one. */
export class VersionMismatchError extends ODataError {
  readonly kind = 'VersionMismatch';
  constructor(
    message = 'The version of the existing record does not match the version in If-Match.',
  ) {
    super(message);
    this.name = 'VersionMismatchError';
  }
}

/** `If-None-Match: *` (create only) but the record exists. */
export class AlreadyExistsError extends ODataError {
  readonly kind = 'AlreadyExists';
  constructor(message = 'A record with matching key values already exists.') {
    super(message);
    this.name = 'AlreadyExistsError';
  }
}

/** A conditional header the service requires is missing. */
export class PreconditionRequiredError extends ODataError {
  readonly kind = 'PreconditionRequired';
  constructor(message = 'This request requires an If-Match header.') {
    super(message);
    this.name = 'PreconditionRequiredError';
  }
}

export class UnsupportedMediaTypeError extends ODataError {
  readonly kind = 'UnsupportedMediaType';
  constructor(contentType: string | null) {
    super(`The content type '${contentType ?? ''}' is not supported.`);
    this.name = 'UnsupportedMediaTypeError';
  }
}

/** A request body (e.g. a `$batch`) larger than the service accepts. */
export class PayloadTooLargeError extends ODataError {
  readonly kind = 'PayloadTooLarge';
  constructor(maxBytes: number) {
    super(`The request body is larger than the limit of ${maxBytes} bytes.`);
    this.name = 'PayloadTooLargeError';
  }
}

export type ThrottleReason = 'requests' | 'concurrency' | 'injected';

/** Over a service-protection limit (or an injected 429): answered with `Retry-After`. */
export class ThrottledError extends ODataError {
  readonly kind = 'Throttled';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    readonly throttleReason: ThrottleReason = 'requests',
    code?: string,
  ) {
    super(message, { reason: throttleReason, code });
    this.name = 'ThrottledError';
  }
}

/** Something the mock deliberately does not implement: 501 naming what is missing. */
export class NotImplementedError extends ODataError {
  readonly kind = 'NotImplemented';
  constructor(what: string, mockName = 'the mock') {
    super(`${what} is not implemented by ${mockName}.`);
    this.name = 'NotImplementedError';
  }
}

export class ServiceUnavailableError extends ODataError {
  readonly kind = 'ServiceUnavailable';
  constructor(
    message = 'The service is temporarily unavailable.',
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ServiceUnavailableError';
  }
}
