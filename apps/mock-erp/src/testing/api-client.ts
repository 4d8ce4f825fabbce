import type { MockErp } from '../create-mock-erp';
import { defaultCompanies } from '../repositories/companies';

export const usa = defaultCompanies[0].id;
export const sweden = defaultCompanies[1].id;
export const origin = 'http://erp.test';

export interface Reply {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test assertions read arbitrary JSON
}

/** Calls the mock's fetch handler in-process, as a client would over HTTP. */
export function apiClient(app: Pick<MockErp, 'handle'>, token = 'dev-token') {
  async function call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    const init: RequestInit = {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
    };
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
    const response = await app.handle(new Request(`${origin}${path}`, init));
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // plain text ($count, $metadata)
    }
    return { status: response.status, headers: response.headers, body: parsed };
  }
  const api = (path: string) => `/api/v2.0/${path}`;
  return {
    call,
    get: (path: string, headers?: Record<string, string>) =>
      call('GET', api(path), undefined, headers),
    post: (path: string, body: unknown, headers?: Record<string, string>) =>
      call('POST', api(path), body, headers),
    patch: (path: string, body: unknown, headers?: Record<string, string>) =>
      call('PATCH', api(path), body, headers),
    delete: (path: string, headers?: Record<string, string>) =>
      call('DELETE', api(path), undefined, headers),
    control: (method: string, name: string, body?: unknown) => call(method, `/_mock/${name}`, body),
  };
}

/** A clock that only moves when told to. */
export function manualClock(start = '2025-01-01T00:00:00.000Z') {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}
