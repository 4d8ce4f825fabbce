import { serverOptionsFromEnv } from './env';
import { startTwinSyncServer } from './embedded';
import { createLogger } from './logger';

/**
 * `npm run server`: the sync server in embedded mode (store, engine with scheduler and workers,
 * API and portal in one process). Settings come from the environment; see `env.ts` and the README.
 */
const logger = createLogger({ level: process.env['LOG_LEVEL'] ?? 'info' });

async function main(): Promise<void> {
  const options = serverOptionsFromEnv(process.env, process.argv.slice(2));
  const publicUrl = process.env['TWINSYNC_PUBLIC_URL']?.trim();
  const running = await startTwinSyncServer({
    ...options,
    logger,
    live: process.env['TWINSYNC_LIVE'] !== 'false',
    ...(publicUrl ? { publicUrl } : {}),
  });
  logger.info(
    { role: running.role, url: running.url || undefined, erp: options.erp, crm: options.crm },
    'TwinSync is running',
  );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    running
      .close()
      .then(() => {
        logger.info('stopped');
        process.exit(0);
      })
      .catch((error: unknown) => {
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
