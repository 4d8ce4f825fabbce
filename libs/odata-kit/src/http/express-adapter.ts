import type { Request as ExpressRequest, Response as ExpressResponse } from 'express';
import { Readable } from 'node:stream';
import type { FetchHandler } from './fetch-handler';

/**
 * Mounts a fetch-style handler in express 5: builds a `Request` from the incoming message (body
 * streamed in), streams the `Response` body out. `Response.error()` (an injected dropped
 * connection) destroys the socket, so the client sees the connection drop.
 */
export function toExpress(handler: FetchHandler) {
  return async (req: ExpressRequest, res: ExpressResponse): Promise<void> => {
    const origin = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const v of value) headers.append(name, v);
      else headers.set(name, value);
    }
    const init: RequestInit & { duplex?: 'half' } = { method: req.method, headers };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      init.body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
      init.duplex = 'half';
    }
    let response: Response;
    try {
      response = await handler(new Request(new URL(req.originalUrl, origin), init));
    } catch (err) {
      // The handler maps its own errors; reaching here is a defect. Answer 500, never hang.
      console.error('odata-kit: handler threw', err);
      res.status(500).end();
      return;
    }
    if (response.type === 'error') {
      req.socket.destroy();
      return;
    }
    res.status(response.status);
    response.headers.forEach((value, name) => res.setHeader(name, value));
    if (!response.body) {
      res.end();
      return;
    }
    const body = Readable.fromWeb(response.body);
    body.on('error', () => res.destroy());
    body.pipe(res);
  };
}
