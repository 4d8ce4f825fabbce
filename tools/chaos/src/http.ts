/** One raw HTTP request as a fuzzer sends it (the body is already text, maybe not JSON at all). */
export interface RawRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** What came back: a status, or `dropped` when the connection died or the answer timed out. */
export interface RawReply {
  status: number | 'dropped';
  text: string;
}

/** Sends one request to `origin` on loopback; never throws (a dead connection is a reply too). */
export async function sendRaw(
  origin: string,
  request: RawRequest,
  timeoutMs = 15_000,
): Promise<RawReply> {
  const init: RequestInit = {
    method: request.method,
    headers: request.headers ?? {},
    signal: AbortSignal.timeout(timeoutMs),
  };
  if (request.body !== undefined && request.method !== 'GET' && request.method !== 'HEAD') {
    init.body = request.body;
  }
  try {
    const response = await fetch(origin + request.path, init);
    const type = response.headers.get('content-type') ?? '';
    if (type.includes('text/event-stream')) {
      await response.body?.cancel();
      return { status: response.status, text: '' };
    }
    return { status: response.status, text: await response.text() };
  } catch (error) {
    return { status: 'dropped', text: error instanceof Error ? error.message : String(error) };
  }
}

/** Runs `fn` over `items` with at most `concurrency` in flight; results in input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
