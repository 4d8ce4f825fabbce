import type { ConnectorError } from '../errors';
import {
  AuthError,
  ConflictExistsError,
  NotFoundError,
  RolledBackError,
  ThrottledError,
  TransportError,
  ValidationError,
  VersionMismatchError,
} from '../errors';

export interface ErrorContext {
  status: number;
  /** The parsed response body, or the raw text when it was not JSON. */
  body: unknown;
  retryAfterMs: number | undefined;
  /** Whether the request carried `If-None-Match: *` (a create that must not overwrite). */
  createOnly: boolean;
}

/** Reads `{"error":{"code","message"}}`, the envelope both OData services use. */
export function readErrorEnvelope(body: unknown): { code: string; message: string } | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const error = body.error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return {
    code: typeof code === 'string' ? code : '',
    message: typeof message === 'string' ? message : '',
  };
}

const sameKeyCodes = new Set(['Internal_EntityWithSameKeyExists', '0x80040237']);

/** Maps an HTTP failure of either service to one typed error. */
export function mapHttpError(ctx: ErrorContext): ConnectorError {
  const envelope = readErrorEnvelope(ctx.body);
  const code = envelope?.code ?? '';
  const text = typeof ctx.body === 'string' ? ctx.body.slice(0, 500) : '';
  const message = envelope?.message || text || `HTTP ${ctx.status}`;
  const init = { status: ctx.status, code, message };
  const s = ctx.status;
  if (s === 429) return new ThrottledError({ ...init, retryAfterMs: ctx.retryAfterMs });
  if (s === 401 || s === 403) return new AuthError(init);
  if (s === 404) return new NotFoundError(init);
  if (sameKeyCodes.has(code)) return new ConflictExistsError(init);
  if (s === 412)
    return ctx.createOnly ? new ConflictExistsError(init) : new VersionMismatchError(init);
  if (s === 409) return new VersionMismatchError(init);
  // 424 Failed Dependency: not run because another operation of its batch failed.
  if (s === 424) return new RolledBackError(init);
  if (s >= 500) return new TransportError(init);
  return new ValidationError(init);
}
