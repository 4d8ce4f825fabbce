import type { ApiStore, SyncEngine } from '@twinsync/sync-api';
import { createLogger } from './logger';
import { startSyncServer } from './start';

/**
 * `npm run server`: PORT (default 5100), HOST (default 127.0.0.1), DATABASE_URL or TWINSYNC_DB
 * (default the SQLite file `data/twinsync.sqlite`), TWINSYNC_SEED_USERS ('false' to skip the demo
 * users), TWINSYNC_TRUST_PROXY ('true' behind an https proxy), LOG_LEVEL.
 * The store and the engine come from `@twinsync/sync-store` (`createStore`) and
 * `@twinsync/sync-engine` (`createSyncEngine`), loaded lazily so this file names what is missing.
 */
const logger = createLogger({ level: process.env['LOG_LEVEL'] ?? 'info' });

type Factory<T> = (options: Record<string, unknown>) => T | Promise<T>;

async function factory<T>(pkg: string, name: string): Promise<Factory<T>> {
  const mod = (await import(pkg)) as Record<string, unknown>;
  const fn = mod[name];
  if (typeof fn !== 'function') {
    throw new Error(
      `${pkg} does not export ${name}() yet; the sync server cannot start without it.`,
    );
  }
  return fn as Factory<T>;
}

async function main(): Promise<void> {
  const port = Number(process.env['PORT'] ?? 5100);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got ${process.env['PORT']}`);
  const databaseUrl =
    process.env['DATABASE_URL'] ?? process.env['TWINSYNC_DB'] ?? 'data/twinsync.sqlite';

  const createStore = await factory<ApiStore & { close?: () => Promise<void> }>(
    '@twinsync/sync-store',
    'createStore',
  );
  const store = await createStore({ databaseUrl, logger });
  const createSyncEngine = await factory<
    SyncEngine & { start?: () => Promise<void>; stop?: () => Promise<void> }
  >('@twinsync/sync-engine', 'createSyncEngine');
  const engine = await createSyncEngine({ store, logger, env: process.env });
  await engine.start?.();

  const running = await startSyncServer({
    store,
    engine,
    logger,
    port,
    host: process.env['HOST'] ?? '127.0.0.1',
    seedUsers: process.env['TWINSYNC_SEED_USERS'] !== 'false',
    trustProxy: process.env['TWINSYNC_TRUST_PROXY'] === 'true',
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    void (async () => {
      await running.close(5000);
      await engine.stop?.();
      await store.close?.();
      logger.info('stopped');
      process.exit(0);
    })().catch((error: unknown) => {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  logger.error({ err: error }, 'sync server failed to start');
  process.exit(1);
});
