import { runMockServer } from '@twinsync/odata-kit';
import { readEnv } from './config';
import { startMockCrm } from './start-mock-crm';

await runMockServer({
  name: 'mock-crm',
  portVariable: 'MOCK_CRM_PORT',
  readEnv: () => readEnv(process.env),
  start: (env) =>
    startMockCrm({ port: env.port, host: env.host, token: env.token, db: env.db, log: env.log }),
  banner: (url, env) =>
    `mock-crm (Dataverse Web API v9.2) listening on ${url}/api/data/v9.2/ (db ${env.db})`,
});
