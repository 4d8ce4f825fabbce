import type { Logger } from 'pino';
import {
  authStorageOf,
  pruneAuthRecords,
  seedDemoUsers,
  watchErrorThresholds,
  type ApiStore,
  type SyncEngine,
} from '@twinsync/sync-api';
import { createServer, type CreateServerOptions } from './create-server';
import { listen, type RunningServer } from './http/listen';

export interface StartOptions extends CreateServerOptions {
  port: number;
  host?: string;
  /** Create the demo users (admin, operator, viewer) when the users table is empty. */
  seedUsers: boolean;
  bcryptRounds?: number;
}

/**
 * Seeds the demo users if asked, builds the app, watches the mappings' error thresholds, prunes
 * expired sessions hourly and listens. `close` stops all that and the HTTP server (not the store
 * or the engine).
 */
export async function startSyncServer(
  options: StartOptions,
): Promise<RunningServer & { store: ApiStore; engine: SyncEngine; logger: Logger }> {
  if (options.seedUsers) {
    await seedDemoUsers(authStorageOf(options.store), {
      clock: options.clock ?? (() => new Date()),
      logger: options.logger,
      bcryptRounds: options.bcryptRounds ?? 10,
    });
  }
  const { app, deps } = createServer(options);
  const running = await listen(app, options.port, options.host);
  const thresholds = watchErrorThresholds(deps);
  let pruned: Promise<unknown> = Promise.resolve();
  const prune = () => {
    pruned = pruneAuthRecords(deps).catch((error: unknown) =>
      options.logger.warn({ err: error }, 'pruning sessions and login attempts failed'),
    );
  };
  prune();
  const pruning = setInterval(prune, 60 * 60 * 1000);
  pruning.unref();
  options.logger.info({ url: running.url }, 'sync server listening');
  return {
    ...running,
    async close(graceMs) {
      clearInterval(pruning);
      thresholds.stop();
      await running.close(graceMs);
      await Promise.all([thresholds.settled(), pruned]);
    },
    store: options.store,
    engine: options.engine,
    logger: options.logger,
  };
}
