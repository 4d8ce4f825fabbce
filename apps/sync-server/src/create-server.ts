import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import {
  appRouter,
  createRequestContext,
  csrfHeaderName,
  defaultApiSettings,
  sessionCookieName,
  type ApiDeps,
  type ApiSettings,
  type ApiStore,
  type SyncEngine,
} from '@twinsync/sync-api';
import { readCookie } from './http/cookies';
import { servePortal } from './http/portal';

export interface CreateServerOptions {
  store: ApiStore;
  engine: SyncEngine;
  logger: Logger;
  /** Folder of the built portal; default `apps/portal/dist`. Not served when it does not exist. */
  portalDir?: string;
  clock?: () => Date;
  settings?: Partial<ApiSettings>;
  /** Largest accepted request body in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** Trust X-Forwarded-* from one proxy hop (so `Secure` cookies work behind an https proxy). */
  trustProxy?: boolean;
}

export interface SyncServerApp {
  app: Express;
  deps: ApiDeps;
}

export const defaultPortalDir = fileURLToPath(new URL('../../portal/dist', import.meta.url));

export function createServer(options: CreateServerOptions): SyncServerApp {
  const { logger } = options;
  const deps: ApiDeps = {
    store: options.store,
    engine: options.engine,
    clock: options.clock ?? (() => new Date()),
    logger,
    randomToken: () => randomBytes(32).toString('base64url'),
    settings: { ...defaultApiSettings, ...options.settings },
  };
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;

  const app = express();
  app.disable('x-powered-by');
  if (options.trustProxy) app.set('trust proxy', 1);
  app.use(helmet());

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.use(
    '/trpc',
    createExpressMiddleware({
      router: appRouter,
      maxBodySize: maxBodyBytes,
      createContext: ({ req, res }) =>
        createRequestContext(deps, {
          sessionId: readCookie(req.headers.cookie, sessionCookieName),
          csrfHeader: req.get(csrfHeaderName) ?? null,
          clientIp: req.ip ?? 'unknown',
          cookies: {
            set(sessionId, expiresAt) {
              res.cookie(sessionCookieName, sessionId, {
                httpOnly: true,
                sameSite: 'strict',
                secure: req.secure,
                path: '/',
                expires: expiresAt,
              });
            },
            clear() {
              res.clearCookie(sessionCookieName, {
                httpOnly: true,
                sameSite: 'strict',
                secure: req.secure,
                path: '/',
              });
            },
          },
        }),
      onError({ error, path, type }) {
        if (error.code === 'INTERNAL_SERVER_ERROR') {
          logger.error({ err: error.cause ?? error, path, type }, 'procedure failed');
        } else {
          logger.info({ code: error.code, path, type }, 'procedure refused');
        }
      },
    }),
  );

  const portalDir = options.portalDir ?? defaultPortalDir;
  if (existsSync(portalDir)) {
    app.use(servePortal(portalDir));
    logger.info({ portalDir }, 'serving the portal');
  } else {
    logger.info({ portalDir }, 'no built portal found; serving the API only');
  }

  app.use((_req, res) => {
    res.status(404).json({ error: 'Not found' });
  });
  return { app, deps };
}
