import { readEnv } from './config';
import { startMockCrm } from './start-mock-crm';

let env;
try {
  env = readEnv(process.env);
} catch (err) {
  console.error(`mock-crm: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
try {
  const running = await startMockCrm({
    port: env.port,
    host: env.host,
    token: env.token,
    db: env.db,
    log: env.log,
  });
  console.log(
    `mock-crm (Dataverse Web API v9.2) listening on ${running.url}/api/data/v9.2/ (db ${env.db})`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`mock-crm: ${signal}, stopping`);
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('mock-crm: error while stopping', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
} catch (err) {
  if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(
      `mock-crm: port ${env.port} is already in use (set MOCK_CRM_PORT to another port)`,
    );
  } else {
    console.error('mock-crm: failed to start', err);
  }
  process.exit(1);
}
