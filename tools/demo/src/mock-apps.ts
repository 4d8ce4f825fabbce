/**
 * A small HTTP client for the two mock apps as the demo, the e2e tests and the benchmarks use them:
 * plain OData reads and writes plus the mock-only `/_mock/` controls (seed, edits and deletes "by
 * another user", fault injection). It talks HTTP only, so it works against in-process servers and
 * separate processes alike.
 */
export interface MockAppEndpoint {
  /** Origin of the mock, e.g. http://127.0.0.1:5102 */
  readonly url: string;
  readonly token: string;
}

export interface Faults {
  rate429?: number;
  retryAfterSeconds?: number;
  rate503?: number;
  rateDrop?: number;
  latencyMs?: [number, number];
}

export class MockAppError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly request: string,
  ) {
    super(`${request} answered ${status}: ${body.slice(0, 300)}`);
    this.name = 'MockAppError';
  }
}

interface ODataPage<T> {
  value: T[];
  '@odata.nextLink'?: string;
}

export interface MockAppClient {
  readonly endpoint: MockAppEndpoint;
  get<T>(path: string, headers?: Record<string, string>): Promise<T>;
  /** Every record of a collection, following `@odata.nextLink`. */
  getAll<T>(path: string): Promise<T[]>;
  /** A write through the app's public API (as a user of the app would make it). */
  send<T = unknown>(
    method: 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<T>;
  control<T = unknown>(method: 'POST' | 'PUT' | 'GET', path: string, body?: unknown): Promise<T>;
  setFaults(faults: Faults): Promise<void>;
  clearFaults(): Promise<void>;
}

export function mockAppClient(endpoint: MockAppEndpoint): MockAppClient {
  async function call<T>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) {
    const request = `${method} ${path}`;
    const response = await fetch(new URL(path, endpoint.url), {
      method,
      headers: {
        authorization: `Bearer ${endpoint.token}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new MockAppError(response.status, text, request);
    return (text ? JSON.parse(text) : undefined) as T;
  }
  return {
    endpoint,
    get: (path, headers) => call('GET', path, undefined, headers),
    async getAll<T>(path: string) {
      const out: T[] = [];
      let next: string | undefined = path;
      // Bounded: a page link that never ends would be a bug in the mock.
      for (let pages = 0; next !== undefined && pages < 10_000; pages++) {
        const page: ODataPage<T> = await call<ODataPage<T>>('GET', next);
        out.push(...page.value);
        next = page['@odata.nextLink'];
      }
      return out;
    },
    send: (method, path, body, headers) => call(method, path, body, headers),
    control: (method, path, body) => call(method, `/_mock/${path}`, body),
    async setFaults(faults) {
      await call('PUT', '/_mock/faults', faults);
    },
    async clearFaults() {
      await call('PUT', '/_mock/faults', {
        rate429: 0,
        rate503: 0,
        rateDrop: 0,
        latencyMs: [0, 0],
      });
    },
  };
}
