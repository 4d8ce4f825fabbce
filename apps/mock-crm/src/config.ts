/** The mock's settings from the environment (see apps/mock-crm/README.md). */
export interface MockCrmEnv {
  port: number;
  host: string;
  token: string;
  db: string;
  log: boolean;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new Error(`${name} must be a port number from 0 to 65535, got '${raw}'`);
  return n;
}

export function readEnv(env: NodeJS.ProcessEnv): MockCrmEnv {
  return {
    port: int(env, 'MOCK_CRM_PORT', 5101),
    host: env['MOCK_CRM_HOST'] ?? '127.0.0.1',
    token: env['MOCK_CRM_TOKEN'] ?? 'dev-token',
    db: env['MOCK_CRM_DB'] ?? ':memory:',
    log: env['MOCK_LOG'] !== '0',
  };
}
