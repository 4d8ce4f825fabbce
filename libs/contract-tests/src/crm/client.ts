import type { CrmTarget } from './targets';

export interface Reply {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- contract assertions read arbitrary JSON
  text: string;
}

/** A thin HTTP client for the contract: real fetch, bearer token, JSON in and out. */
export function dataverseClient(target: CrmTarget) {
  async function call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    token = target.token,
  ): Promise<Reply> {
    const h: Record<string, string> = {
      accept: 'application/json',
      'OData-MaxVersion': '4.0',
      'OData-Version': '4.0',
      ...headers,
    };
    if (token !== '') h['authorization'] = `Bearer ${token}`;
    const init: RequestInit = { method, headers: h };
    if (body !== undefined) {
      if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type'))
        h['content-type'] = 'application/json';
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const url = path.startsWith('http') ? path : `${target.origin}${path}`;
    const response = await fetch(url, init);
    const text = await response.text();
    let parsed: unknown = undefined;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = text;
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  }
  const api = (p: string) => (p.startsWith('http') || p.startsWith('/') ? p : `${apiPath}${p}`);
  return {
    call,
    /** `http://host/api/data/v9.2/` */
    serviceRoot: `${target.origin}${apiPath}`,
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

export const apiPath = '/api/data/v9.2/';

export type DataverseClient = ReturnType<typeof dataverseClient>;
