/**
 * Named errors the API raises in its own code. They are mapped to tRPC codes once, in
 * `to-trpc-error.ts`; routers throw these and never build a TRPCError themselves.
 */
export class ApiDomainError extends Error {
  override name = 'ApiDomainError';
}

export class NotFoundError extends ApiDomainError {
  override name = 'NotFoundError';
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} was not found`);
  }
}

/** Username/password wrong, or no valid session. The message never says which part was wrong. */
export class AuthenticationError extends ApiDomainError {
  override name = 'AuthenticationError';
}

export class PermissionDeniedError extends ApiDomainError {
  override name = 'PermissionDeniedError';
}

/** A mutation arrived without the session's CSRF token in the `x-twinsync-csrf` header. */
export class CsrfError extends ApiDomainError {
  override name = 'CsrfError';
  constructor() {
    super('Missing or wrong x-twinsync-csrf header; send the csrfToken returned by auth.me');
  }
}

export class RateLimitedError extends ApiDomainError {
  override name = 'RateLimitedError';
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed login attempts; try again in ${retryAfterSeconds} s`);
  }
}

/** The request is well-formed but the current state forbids it (e.g. coupling an already coupled record). */
export class InvalidStateError extends ApiDomainError {
  override name = 'InvalidStateError';
}

/** A value passed zod but breaks a domain rule; `field` names the input field. */
export class InvalidInputError extends ApiDomainError {
  override name = 'InvalidInputError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}
