import { randomUUID } from 'node:crypto';
import { createCrmClient, type CrmClient } from '@twinsync/connectors';
import { startMockCrm, type RunningMockCrm } from '@twinsync/mock-crm';
import { createCrmApp } from '../adapters/crm-app';
import type { AppPort } from '../ports';

export interface CrmHarness {
  mock: RunningMockCrm;
  /** The mock's origin, e.g. http://127.0.0.1:40123. */
  url: string;
  token: string;
  client: CrmClient;
  app: AppPort;
  /** Every record of an entity set, straight from the mock's API. */
  all(entity: string): Promise<Record<string, unknown>[]>;
  /** Creates a record as a CRM user would (through the API); returns its id. */
  insert(entity: string, values: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

/** The real Dataverse mock on a random loopback port, and the engine's adapter on it. */
export async function startCrmHarness(options: { batchLimit?: number } = {}): Promise<CrmHarness> {
  const token = 'crm-token';
  const mock = await startMockCrm({ port: 0, token });
  const url = mock.url.replace(/\/+$/, '');
  const client = createCrmClient({
    baseUrl: `${url}/api/data/v9.2`,
    token,
    retry: { minDelayMs: 1, maxDelayMs: 20, retries: 12 },
    // Retry-After is honoured by the connector; tests shorten the wait itself.
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 5))),
  });
  return {
    mock,
    url,
    token,
    client,
    app: createCrmApp(client, options),
    async all(entity) {
      const out: Record<string, unknown>[] = [];
      for await (const page of client.list(entity)) out.push(...page);
      return out;
    },
    async insert(entity, values) {
      const id = randomUUID();
      await client.create(entity, id, values);
      return id;
    },
    close: () => mock.close(),
  };
}
