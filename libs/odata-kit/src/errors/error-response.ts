import { jsonResponse } from '../http/responses';
import {
  BadRequestError,
  defaultStatus,
  ODataError,
  ThrottledError,
  ServiceUnavailableError,
} from './odata-errors';

/**
 * How one service spells its errors. `codes` is looked up by `kind.reason` first, then `kind`
 * (e.g. `{ 'BadRequest.InvalidProperty': '0x80060888', EntityNotFound: '0x80040217' }`).
 */
export interface ErrorStyle {
  codes: Readonly<Record<string, string>>;
  /** Status overrides per kind (BC answers a version mismatch with 409, Dataverse with 412). */
  statuses?: Readonly<Partial<Record<string, number>>>;
  /** Code of an unexpected error (a mock defect, answered 500). */
  internalCode: string;
  /** Rewrites every message (BC appends a correlation id). */
  decorateMessage?: (message: string) => string;
}

export interface MappedError {
  response: Response;
  /** True for a non-ODataError: a defect the caller should log. */
  unexpected: boolean;
  error: ODataError | undefined;
}

/** Turns any thrown value into a known OData error, or undefined for a defect. */
export function asODataError(err: unknown): ODataError | undefined {
  if (err instanceof ODataError) return err;
  if (err instanceof SyntaxError) {
    return new BadRequestError(
      `The request body is not valid JSON: ${err.message}`,
      'MalformedJson',
    );
  }
  return undefined;
}

/** The code a style gives an error. */
export function errorCode(err: ODataError, style: ErrorStyle): string {
  if (err.code !== undefined) return err.code;
  const byReason = err.reason === undefined ? undefined : style.codes[`${err.kind}.${err.reason}`];
  return byReason ?? style.codes[err.kind] ?? err.kind;
}

export function errorStatus(err: ODataError, style: ErrorStyle): number {
  return style.statuses?.[err.kind] ?? defaultStatus[err.kind];
}

/** The ONE place where errors become `{"error":{"code","message"}}` HTTP answers. */
export function errorResponse(err: unknown, style: ErrorStyle): MappedError {
  const decorate = style.decorateMessage ?? ((m: string) => m);
  const known = asODataError(err);
  if (!known) {
    return {
      response: jsonResponse(500, {
        error: {
          code: style.internalCode,
          message: decorate('An unexpected error occurred in the mock.'),
        },
      }),
      unexpected: true,
      error: undefined,
    };
  }
  const status = errorStatus(known, style);
  const headers: Record<string, string> = {};
  if (status === 401) headers['www-authenticate'] = 'Bearer';
  if (known instanceof ThrottledError) headers['retry-after'] = String(known.retryAfterSeconds);
  if (known instanceof ServiceUnavailableError && known.retryAfterSeconds !== undefined) {
    headers['retry-after'] = String(known.retryAfterSeconds);
  }
  return {
    response: jsonResponse(
      status,
      { error: { code: errorCode(known, style), message: decorate(known.message) } },
      headers,
    ),
    unexpected: false,
    error: known,
  };
}
