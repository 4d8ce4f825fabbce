import { createSyncEngine, type TwinSyncEngine } from '@twinsync/sync-engine';
import { createStore, type Store } from '@twinsync/sync-store';
import { syncEngineOf } from '@twinsync/sync-api';
import { createLiveSync, type LiveSync } from '@twinsync/sync-live';
import type { Logger } from 'pino';
import { createLogger } from './logger';
import { startSyncServer } from './start';

export interface AppEndpoint {
  /** The app's origin (e.g. http://127.0.0.1:5102) or its service root. */
  url: string;
  token: string;
}

/**
 * What one process does (scale-out, ADR 013): `all` (default) everything; `api` the tRPC API, the
 * portal and live sync's receivers, enqueueing jobs that workers run; `worker` runs jobs, chunks
 * and the scheduler, and serves no HTTP. `api` and `worker` need a PostgreSQL store.
 */
export type ServerRole = 'all' | 'api' | 'worker';

export interface TwinSyncServerOptions {
  /** A SQLite file path, ':memory:', or a postgres:// URL. */
  databaseUrl: string;
  /** PostgreSQL schema of the store (DATABASE_SCHEMA; default public). */
  databaseSchema?: string;
  /** Default 'all'. */
  role?: ServerRole;
  erp: AppEndpoint;
  crm: AppEndpoint;
  /** 0 for an ephemeral port (tests). */
  port: number;
  host?: string;
  /** Folder of the built portal; default apps/portal/dist (the API alone when missing). */
  portalDist?: string;
  logger?: Logger;
  /** When no logger is given (default 'info'). */
  logLevel?: string;
  /** Create the demo users in an empty users table (default true). */
  seedUsers?: boolean;
  /** bcrypt cost of the demo users (default 10; tests use 4). */
  bcryptRounds?: number;
  /** Scheduled sync of every mapping (default 30 minutes). */
  scheduleIntervalMs?: number;
  /**
   * Live sync (ERP webhooks, CRM delta polling) for the mappings whose mode is 'live' (default
   * true; TWINSYNC_LIVE=false turns it off).
   */
  live?: boolean;
  /** Where the ERP reaches the webhook receiver (TWINSYNC_PUBLIC_URL; default the server's URL). */
  publicUrl?: string;
}

export interface RunningTwinSync {
  role: ServerRole;
  /** The API's URL; '' for a worker (no HTTP). */
  url: string;
  /** 0 for a worker. */
  port: number;
  store: Store;
  engine: TwinSyncEngine;
  /** Live sync (null when switched off): `status()` for the portal. */
  live: LiveSync | null;
  logger: Logger;
  /** Stops the HTTP server, then the engine (scheduler, workers), then closes the store. */
  close(): Promise<void>;
}

/**
 * The whole sync server in embedded mode, in-process: opens (and migrates) the store, starts the
 * engine with its scheduler and workers against the two apps, and serves the API and the portal.
 * What `npm run server`, the demo and the browser tests run.
 */
export async function startTwinSyncServer(
  options: TwinSyncServerOptions,
): Promise<RunningTwinSync> {
  const logger = options.logger ?? createLogger({ level: options.logLevel ?? 'info' });
  const role = options.role ?? 'all';
  const store = await createStore({
    databaseUrl: options.databaseUrl,
    ...(options.databaseSchema ? { schema: options.databaseSchema } : {}),
  });
  const stack: Array<() => Promise<void>> = [() => store.close()];
  const close = async () => {
    for (const stop of stack.splice(0).reverse()) {
      await stop().catch((error: unknown) => logger.error({ err: error }, 'stop failed'));
    }
  };
  try {
    const engine = createSyncEngine({
      store,
      erp: options.erp,
      crm: options.crm,
      logger,
      runJobs: role !== 'api',
      ...(options.scheduleIntervalMs === undefined
        ? {}
        : { scheduleIntervalMs: options.scheduleIntervalMs }),
    });
    await engine.start();
    stack.push(() => engine.close());
    if (role === 'worker') {
      logger.info({ role }, 'worker running: jobs, chunks and the scheduler; no HTTP');
      return { role, url: '', port: 0, store, engine, live: null, logger, close };
    }
    const live =
      options.live === false
        ? null
        : createLiveSync({ store, engine, erp: options.erp, crm: options.crm, logger });
    const server = await startSyncServer({
      store,
      engine: syncEngineOf(engine),
      logger,
      port: options.port,
      ...(options.host === undefined ? {} : { host: options.host }),
      seedUsers: options.seedUsers ?? true,
      ...(options.bcryptRounds === undefined ? {} : { bcryptRounds: options.bcryptRounds }),
      ...(options.portalDist === undefined ? {} : { portalDir: options.portalDist }),
      ...(live ? { routers: [live.router()], liveStatus: () => live.status() } : {}),
    });
    stack.push(() => server.close(2000));
    if (live) {
      await live.start(options.publicUrl ?? server.url);
      stack.push(() => live.stop());
    }
    return { role, url: server.url, port: server.port, store, engine, live, logger, close };
  } catch (error) {
    await close();
    throw error;
  }
}
