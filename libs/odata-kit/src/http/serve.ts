import express from 'express';
import type { AddressInfo, Socket } from 'node:net';
import { toExpress } from './express-adapter';
import type { FetchHandler } from './fetch-handler';

export interface ServeOptions {
  /** 0 = a random free port. */
  port?: number;
  host?: string;
}

export interface ServedHandler {
  /** Origin, e.g. http://127.0.0.1:5101 */
  url: string;
  port: number;
  /** Stops accepting, ends idle and (after 200 ms) open connections. */
  close(): Promise<void>;
}

/**
 * Serves a fetch-style handler with express 5 on a real port. Rejects when the port is taken
 * (express 5 passes EADDRINUSE to the listen callback instead of throwing).
 */
export async function serveHandler(
  handler: FetchHandler,
  options: ServeOptions = {},
): Promise<ServedHandler> {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  // A plain middleware, not a route: express would answer a path it cannot percent-decode with
  // its own HTML 400 before the handler could answer with an OData error.
  app.use(toExpress(handler));
  const host = options.host ?? '127.0.0.1';
  const listener = await new Promise<ReturnType<typeof app.listen>>((resolve, reject) => {
    const l = app.listen(options.port ?? 0, host, (err?: Error) =>
      err ? reject(err) : resolve(l),
    );
  });
  const sockets = new Set<Socket>();
  listener.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const { port } = listener.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        listener.close(() => resolve());
        listener.closeIdleConnections();
        setTimeout(() => {
          for (const s of sockets) s.destroy();
        }, 200).unref();
      }),
  };
}
