import { JsonBatchFormatError } from '@twinsync/odata-kit';
import { BadRequestError, BcError } from '../errors';

const jsonHeaders = {
  'content-type': 'application/json; odata.metadata=minimal; odata.streaming=true',
  'odata-version': '4.0',
};

export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...jsonHeaders, ...headers } });
}

export function emptyResponse(status: number, headers: Record<string, string> = {}): Response {
  return new Response(null, { status, headers: { 'odata-version': '4.0', ...headers } });
}

/** BC appends a correlation id to every error message. */
function withCorrelation(message: string, correlationId: string): string {
  return `${message}  CorrelationId:  ${correlationId}.`;
}

/**
 * The single place where errors become HTTP answers: named BC errors keep their status and code,
 * malformed batches and JSON are 400, anything else is a 500 (a mock defect, logged by the caller).
 */
export function errorResponse(
  err: unknown,
  correlationId: string,
): { response: Response; unexpected: boolean } {
  let known: BcError | undefined;
  if (err instanceof BcError) known = err;
  else if (err instanceof JsonBatchFormatError)
    known = new BadRequestError(err.message, 'BadRequest');
  else if (err instanceof SyntaxError)
    known = new BadRequestError(`The request body is not valid JSON: ${err.message}`);
  if (known) {
    const headers: Record<string, string> =
      known.status === 401 ? { 'www-authenticate': 'Bearer' } : {};
    if ('retryAfterSeconds' in known && typeof known.retryAfterSeconds === 'number') {
      headers['retry-after'] = String(known.retryAfterSeconds);
    }
    return {
      response: jsonResponse(
        known.status,
        { error: { code: known.code, message: withCorrelation(known.message, correlationId) } },
        headers,
      ),
      unexpected: false,
    };
  }
  return {
    response: jsonResponse(500, {
      error: {
        code: 'Internal_ServerError',
        message: withCorrelation('An unexpected error occurred in the mock.', correlationId),
      },
    }),
    unexpected: true,
  };
}
