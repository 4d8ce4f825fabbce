import { runMockServer } from '@twinsync/odata-kit';
import { readEnv } from './config';
import { startMockErp } from './start-mock-erp';

await runMockServer({
  name: 'mock-erp',
  portVariable: 'MOCK_ERP_PORT',
  readEnv: () => readEnv(process.env),
  start: (env) =>
    startMockErp({
      port: env.port,
      host: env.host,
      token: env.token,
      db: env.db,
      log: env.log,
      webhookDelayMs: env.webhookDelayMs,
    }),
  banner: (url, env) =>
    `mock-erp (Business Central API v2.0) listening on ${url}/api/v2.0/ (db ${env.db})`,
});
