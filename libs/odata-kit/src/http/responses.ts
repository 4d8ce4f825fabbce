import {
  BadRequestError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
} from '../errors/odata-errors';

export const odataJsonContentType =
  'application/json; odata.metadata=minimal; odata.streaming=true';

const jsonHeaders = { 'content-type': odataJsonContentType, 'odata-version': '4.0' };

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

export function textResponse(
  status: number,
  text: string,
  contentType: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(text, {
    status,
    headers: { 'content-type': contentType, 'odata-version': '4.0', ...headers },
  });
}

/**
 * Reads a JSON object body. Malformed JSON, an empty body, a non-object or a non-JSON content
 * type are client mistakes (400 / 415), never 500.
 */
export async function readJsonObject(req: Request): Promise<Record<string, unknown>> {
  const type = req.headers.get('content-type');
  if (type !== null && type.trim() !== '' && !/json/i.test(type)) {
    throw new UnsupportedMediaTypeError(type);
  }
  const text = await req.text();
  if (text.trim() === '')
    throw new BadRequestError(
      'The request body is empty; a JSON object is expected.',
      'MalformedJson',
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new BadRequestError(
      `The request body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
      'MalformedJson',
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new BadRequestError('The request body must be a JSON object.', 'MalformedJson');
  }
  return parsed as Record<string, unknown>;
}

/**
 * Reads a body as UTF-8 text, refusing (413) one larger than `maxBytes` without buffering more
 * than the limit.
 */
export async function readTextLimited(req: Request, maxBytes: number): Promise<string> {
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw new PayloadTooLargeError(maxBytes);
  if (!req.body) return '';
  const reader: ReadableStreamDefaultReader<Uint8Array> = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new PayloadTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
