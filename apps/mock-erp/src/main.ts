import { readEnv } from './config';
import { startMockErp } from './start-mock-erp';

const env = readEnv(process.env);
try {
  const running = await startMockErp({
    port: env.port,
    host: env.host,
    token: env.token,
    db: env.db,
    log: env.log,
    webhookDelayMs: env.webhookDelayMs,
  });
  console.log(
    `mock-erp (Business Central API v2.0) listening on ${running.url}/api/v2.0/ (db ${env.db})`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`mock-erp: ${signal}, stopping`);
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('mock-erp: error while stopping', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
} catch (err) {
  if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(
      `mock-erp: port ${env.port} is already in use (set MOCK_ERP_PORT to another port)`,
    );
  } else {
    console.error('mock-erp: failed to start', err);
  }
  process.exit(1);
}
