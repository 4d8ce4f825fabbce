import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import {
  appRouter,
  createApiEvents,
  createRequestContext,
  csrfHeaderName,
  defaultApiSettings,
  sessionCookieName,
  type ApiDeps,
  type ApiEvents,
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
  /** Events the API raises itself (default: a new emitter). */
  events?: ApiEvents;
  /** More routes at the root, before the API (e.g. the live-sync webhook receiver). */
  routers?: readonly express.RequestHandler[];
  /** Live sync's status for the portal (`live.status`), when this server runs live sync. */
  liveStatus?: ApiDeps['liveStatus'];
}

export interface SyncServerApp {
  app: Express;
  deps: ApiDeps;
}

export interface HealthReport {
  status: 'ok' | 'unavailable';
  database: 'ok' | 'unreachable';
  scheduler: 'running' | 'stopped';
}

/** Liveness and readiness in one: the database answers; the scheduler state is reported. */
export async function healthOf(deps: Pick<ApiDeps, 'store' | 'engine'>): Promise<HealthReport> {
  let database: HealthReport['database'] = 'ok';
  try {
    await deps.store.knex.raw('select 1');
  } catch {
    database = 'unreachable';
  }
  return {
    status: database === 'ok' ? 'ok' : 'unavailable',
    database,
    scheduler: deps.engine.schedulerStatus().running ? 'running' : 'stopped',
  };
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
    events:
      options.events ?? createApiEvents((error) => logger.warn({ err: error }, 'listener failed')),
    ...(options.liveStatus ? { liveStatus: options.liveStatus } : {}),
  };
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;

  const app = express();
  app.disable('x-powered-by');
  if (options.trustProxy) app.set('trust proxy', 1);
  app.use(helmet());

  app.use((req, res, next) => {
    const started = performance.now();
    res.on('finish', () => {
      // The path only: query strings carry tRPC inputs, which are not for the log.
      logger.debug(
        {
          method: req.method,
          path: req.path,
          status: res.statusCode,
          ms: Math.round(performance.now() - started),
        },
        'request',
      );
    });
    next();
  });

  const health: express.RequestHandler = (_req, res) => {
    void healthOf(deps).then((report) => {
      res.status(report.status === 'ok' ? 200 : 503).json(report);
    });
  };
  app.get('/health', health);
  app.get('/healthz', health);

  for (const router of options.routers ?? []) app.use(router);

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
