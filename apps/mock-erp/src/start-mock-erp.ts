import express from 'express';
import type { AddressInfo, Socket } from 'node:net';
import { createMockErp, type MockErp, type MockErpOptions } from './create-mock-erp';
import { expressHandler } from './http/express-adapter';

export interface StartMockErpOptions extends MockErpOptions {
  /** 0 = a random free port. */
  port?: number;
  host?: string;
}

export interface RunningMockErp {
  /** Origin, e.g. http://127.0.0.1:5102 */
  url: string;
  app: MockErp;
  close(): Promise<void>;
}

/** Starts the mock on a real port. Rejects (instead of hanging) when the port is taken. */
export async function startMockErp(options: StartMockErpOptions = {}): Promise<RunningMockErp> {
  const app = await createMockErp(options);
  const server = express();
  server.disable('x-powered-by');
  server.set('etag', false);
  server.set('query parser', 'simple');
  server.all(
    '/{*path}',
    expressHandler((req) => app.handle(req)),
  );
  const host = options.host ?? '127.0.0.1';
  try {
    const listener = await new Promise<ReturnType<typeof server.listen>>((resolve, reject) => {
      const l = server.listen(options.port ?? 0, host, (err?: Error) =>
        err ? reject(err) : resolve(l),
      );
    });
    const { port } = listener.address() as AddressInfo;
    const sockets = new Set<Socket>();
    listener.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    return {
      url: `http://${host}:${port}`,
      app,
      async close() {
        await new Promise<void>((resolve) => {
          listener.close(() => resolve());
          listener.closeIdleConnections();
          setTimeout(() => {
            for (const s of sockets) s.destroy();
          }, 200).unref();
        });
        await app.close();
      },
    };
  } catch (err) {
    await app.close();
    throw err;
  }
}
