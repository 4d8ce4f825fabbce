import { createErpClient, type ErpClient } from '@twinsync/connectors';
import { startMockErp, type RunningMockErp } from '@twinsync/mock-erp';
import { createPrng } from '@twinsync/odata-kit';
import { createErpApp } from '../adapters/erp-app';
import type { AppPort } from '../ports';

export interface ErpHarness {
  mock: RunningMockErp;
  client: ErpClient;
  app: AppPort;
  /** Every record of an entity set, straight from the mock's API. */
  all(entity: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/**
 * The real Business Central mock on a random loopback port, and the engine's adapter on it.
 * Injected faults are drawn from a seeded sequence (`faultSeed`), so a test that sets fault rates
 * sees the same faults on every run (Math.random could draw none in a short run).
 */
export async function startErpHarness(
  options: { batchLimit?: number; faultSeed?: number } = {},
): Promise<ErpHarness> {
  const mock = await startMockErp({
    port: 0,
    token: 'erp-token',
    webhookDelayMs: 10_000,
    random: createPrng(options.faultSeed ?? 1).next,
  });
  const client = createErpClient({
    baseUrl: `${mock.url}/api/v2.0`,
    token: 'erp-token',
    retry: { minDelayMs: 1, maxDelayMs: 20, retries: 12 },
    // Retry-After is honoured by the connector; tests shorten the wait itself.
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 5))),
  });
  const app = createErpApp(client, {
    ...(options.batchLimit ? { batchLimit: options.batchLimit } : {}),
  });
  return {
    mock,
    client,
    app,
    async all(entity) {
      const out: Record<string, unknown>[] = [];
      for await (const page of client.list(entity)) out.push(...page);
      return out;
    },
    close: () => mock.close(),
  };
}
