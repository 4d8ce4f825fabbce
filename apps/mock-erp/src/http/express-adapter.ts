import type { Request as ExpressRequest, Response as ExpressResponse } from 'express';
import { Readable } from 'node:stream';

/**
 * Mounts a fetch-style handler in express: builds a `Request` from the incoming message (body
 * streamed), writes the `Response` back. `Response.error()` (an injected network fault) destroys the
 * socket so the client sees a dropped connection.
 */
export function expressHandler(handle: (req: Request) => Promise<Response>) {
  return async (req: ExpressRequest, res: ExpressResponse): Promise<void> => {
    const origin = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const v of value) headers.append(name, v);
      else headers.set(name, value);
    }
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const init: RequestInit & { duplex?: 'half' } = { method: req.method, headers };
    if (hasBody) {
      init.body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
      init.duplex = 'half';
    }
    const response = await handle(new Request(new URL(req.originalUrl, origin), init));
    if (response.type === 'error') {
      req.socket.destroy();
      return;
    }
    res.status(response.status);
    response.headers.forEach((value, name) => res.setHeader(name, value));
    const body = Buffer.from(await response.arrayBuffer());
    res.end(body);
  };
}
