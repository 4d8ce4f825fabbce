/**
 * Typed errors of both connectors. Every error carries `transient` (worth retrying later, never a
 * reason to mark a record Skipped), the HTTP `status` (0 for network faults) and the server's
 * error `code` when there was one.
 */
export interface ConnectorErrorInit {
  status: number;
  code?: string | undefined;
  message: string;
  cause?: unknown;
}

export abstract class ConnectorError extends Error {
  abstract readonly transient: boolean;
  abstract readonly kind: ConnectorErrorKind;
  readonly status: number;
  readonly code: string;

  constructor(init: ConnectorErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code ?? '';
  }
}

export type ConnectorErrorKind =
  | 'throttled'
  | 'version-mismatch'
  | 'not-found'
  | 'validation'
  | 'auth'
  | 'transport'
  | 'conflict-exists'
  | 'rolled-back';

/** 429 (and the service-protection limits). `retryAfterMs` is what the server asked for. */
export class ThrottledError extends ConnectorError {
  override readonly name = 'ThrottledError';
  readonly kind = 'throttled';
  readonly transient = true;
  readonly retryAfterMs: number | undefined;
  constructor(init: ConnectorErrorInit & { retryAfterMs?: number | undefined }) {
    super(init);
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** The record changed since it was read: 412 on the CRM, 409 `Request_EntityChanged` on the ERP. */
export class VersionMismatchError extends ConnectorError {
  override readonly name = 'VersionMismatchError';
  readonly kind = 'version-mismatch';
  readonly transient = false;
}

export class NotFoundError extends ConnectorError {
  override readonly name = 'NotFoundError';
  readonly kind = 'not-found';
  readonly transient = false;
}

/** 400 (and other business 4xx) with the server's code and message: the data is wrong. */
export class ValidationError extends ConnectorError {
  override readonly name = 'ValidationError';
  readonly kind = 'validation';
  readonly transient = false;
}

/** 401/403. Not transient: retrying with the same token will not help. */
export class AuthError extends ConnectorError {
  override readonly name = 'AuthError';
  readonly kind = 'auth';
  readonly transient = false;
}

/** Network failure or 5xx that survived the retries. Transient: a later run may succeed. */
export class TransportError extends ConnectorError {
  override readonly name = 'TransportError';
  readonly kind = 'transport';
  readonly transient = true;
}

/** A create hit an existing record (CRM 412 on `If-None-Match: *`, ERP `Internal_EntityWithSameKeyExists`). */
export class ConflictExistsError extends ConnectorError {
  override readonly name = 'ConflictExistsError';
  readonly kind = 'conflict-exists';
  readonly transient = false;
}

/** An operation of an atomic batch that did not fail itself but was rolled back with its change set. */
export class RolledBackError extends ConnectorError {
  override readonly name = 'RolledBackError';
  readonly kind = 'rolled-back';
  readonly transient = true;
}

export interface ErrorClassification {
  kind: ConnectorErrorKind | 'unknown';
  transient: boolean;
  status: number;
  code: string;
  message: string;
}

/** What the engine needs to know about any thrown value, connector error or not. */
export function classifyError(e: unknown): ErrorClassification {
  if (e instanceof ConnectorError) {
    return {
      kind: e.kind,
      transient: e.transient,
      status: e.status,
      code: e.code,
      message: e.message,
    };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { kind: 'unknown', transient: false, status: 0, code: '', message };
}

export function isConnectorError(e: unknown): e is ConnectorError {
  return e instanceof ConnectorError;
}
