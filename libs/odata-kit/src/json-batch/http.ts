import type { JsonBatchRequestItem, JsonBatchResponseItem } from './types';

/** True when the `$batch` request asks for an atomic batch (`Isolation: snapshot`). */
export function isAtomicBatch(headers: Headers): boolean {
  return (headers.get('isolation') ?? '').trim().toLowerCase() === 'snapshot';
}

/**
 * Builds the fetch `Request` of one batch operation. URLs may be relative to the service root,
 * absolute paths or absolute URLs. The outer request's Authorization is inherited.
 */
export function toSubRequest(
  item: JsonBatchRequestItem,
  serviceRoot: URL,
  outer: Request,
): Request {
  const url = new URL(
    item.url,
    serviceRoot.href.endsWith('/') ? serviceRoot : new URL(`${serviceRoot.href}/`),
  );
  const headers = new Headers(item.headers);
  const auth = outer.headers.get('authorization');
  if (auth !== null && !headers.has('authorization')) headers.set('authorization', auth);
  const init: RequestInit = { method: item.method, headers };
  if (item.body !== undefined && item.method !== 'GET' && item.method !== 'DELETE') {
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    init.body =
      typeof item.body === 'string' && !headers.get('content-type')?.includes('json')
        ? item.body
        : JSON.stringify(item.body);
  }
  return new Request(url, init);
}

const keptHeaders = [
  'content-type',
  'odata-version',
  'etag',
  'location',
  'retry-after',
  'preference-applied',
];

/** Turns an operation's `Response` into its entry in `{"responses":[...]}`. */
export async function fromSubResponse(
  item: JsonBatchRequestItem,
  response: Response,
): Promise<JsonBatchResponseItem> {
  const headers: Record<string, string> = {};
  for (const name of keptHeaders) {
    const value = response.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  const text = await response.text();
  const out: JsonBatchResponseItem = { id: item.id ?? null, status: response.status, headers };
  if (text !== '') {
    if ((headers['content-type'] ?? '').includes('json')) {
      try {
        out.body = JSON.parse(text) as unknown;
      } catch {
        out.body = text;
      }
    } else out.body = text;
  }
  return out;
}

/** The `$batch` answer: 200 with `{"responses":[...]}`. */
export function jsonBatchResponse(responses: JsonBatchResponseItem[]): Response {
  return new Response(JSON.stringify({ responses }), {
    status: 200,
    headers: { 'content-type': 'application/json; odata.metadata=minimal', 'odata-version': '4.0' },
  });
}
