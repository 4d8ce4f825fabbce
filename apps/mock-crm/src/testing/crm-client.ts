/** A tiny HTTP client for the mock's own tests: bearer token, JSON in and out. */
export interface Reply {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  text: string;
}

export function crmClient(origin: string, token: string, fetchFn: typeof fetch = fetch) {
  async function call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    const h: Record<string, string> = { accept: 'application/json', ...headers };
    if (token !== '') h['authorization'] = `Bearer ${token}`;
    const init: RequestInit = { method, headers: h };
    if (body !== undefined) {
      h['content-type'] ??= 'application/json';
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const url = path.startsWith('http') ? path : `${origin}${path}`;
    const response = await fetchFn(url, init);
    const text = await response.text();
    let parsed: unknown = undefined;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = text;
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  }
  const api = (p: string) => (p.startsWith('http') ? p : `/api/data/v9.2/${p}`);
  return {
    call,
    get: (p: string, headers?: Record<string, string>) => call('GET', api(p), undefined, headers),
    post: (p: string, body: unknown, headers?: Record<string, string>) =>
      call('POST', api(p), body, headers),
    patch: (p: string, body: unknown, headers?: Record<string, string>) =>
      call('PATCH', api(p), body, headers),
    delete: (p: string, headers?: Record<string, string>) =>
      call('DELETE', api(p), undefined, headers),
    control: (method: string, name: string, body?: unknown) => call(method, `/_mock/${name}`, body),
  };
}

export type CrmTestClient = ReturnType<typeof crmClient>;
