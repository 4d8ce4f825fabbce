/** Reads the mock's settings from the environment (see README of apps/mock-erp in ADR 003). */
export interface MockErpEnv {
  port: number;
  host: string;
  token: string;
  db: string;
  log: boolean;
  webhookDelayMs: number;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${name} must be a non-negative integer, got '${raw}'`);
  return n;
}

export function readEnv(env: NodeJS.ProcessEnv): MockErpEnv {
  return {
    port: int(env, 'MOCK_ERP_PORT', 5102),
    host: env['MOCK_ERP_HOST'] ?? '127.0.0.1',
    token: env['MOCK_ERP_TOKEN'] ?? 'dev-token',
    db: env['MOCK_ERP_DB'] ?? ':memory:',
    log: env['MOCK_LOG'] !== '0',
    webhookDelayMs: int(env, 'MOCK_ERP_WEBHOOK_DELAY_MS', 1000),
  };
}
