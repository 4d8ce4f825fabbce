import { randomBytes } from 'node:crypto';
import { createStore, type Store } from '@twinsync/sync-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryApp, type MemoryApp } from '../testing/memory-app';
import { createSyncEngine, type SyncEngineOptions } from './create-sync-engine';

/** The engine on the PostgreSQL store (scale-out mode), in a schema of its own, dropped after. */

const pgUrl = process.env['TWINSYNC_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `engine_${randomBytes(4).toString('hex')}`;

async function openPg(): Promise<Store | null> {
  try {
    return await createStore({ client: 'pg', connection: pgUrl, schema, poolMax: 4 });
  } catch (error) {
    console.warn(`PostgreSQL at ${pgUrl} is unreachable (${String(error)}): suite skipped.`);
    return null;
  }
}

const pg = await openPg();
let store: Store;
let erp: MemoryApp;
let crm: MemoryApp;

beforeAll(() => {
  if (pg) store = pg;
  erp = createMemoryApp('erp');
  crm = createMemoryApp('crm', { key: 'accountid' });
});

afterAll(async () => {
  if (!pg) return;
  await pg.knex.raw('drop schema if exists ?? cascade', [schema]);
  await pg.close();
});

class SimulatedCrash extends Error {}

async function withEngine<T>(
  extra: Partial<SyncEngineOptions>,
  fn: (e: ReturnType<typeof createSyncEngine>) => Promise<T>,
) {
  const e = createSyncEngine({ store, erp, crm, batchSize: 20, ...extra });
  try {
    return await fn(e);
  } finally {
    await e.close();
  }
}

describe.skipIf(!pg)('the engine on PostgreSQL', () => {
  it('a first sync, a crash after writes and a restart converge without duplicates', async () => {
    for (let n = 1; n <= 50; n++) {
      erp.insert({ number: `PG${n}`, displayName: `Postgres ${n}`, email: `pg${n}@x.example` });
    }
    const crashed = await withEngine(
      {
        hooks: {
          afterWrites: ({ batch }) => {
            if (batch === 2) throw new SimulatedCrash('killed');
          },
        },
      },
      (e) => e.runSync({ mapping: 'customers' }),
    );
    expect(crashed.status).toBe('failed');
    const resumed = await withEngine({}, async (e) => {
      await e.runSync({ mapping: 'customers' });
      return e.runSync({ mapping: 'customers' });
    });
    expect(resumed.counters.inserted).toBe(0);
    expect(crm.records.size).toBe(50);
    const numbers = new Set([...crm.records.values()].map((r) => r['accountnumber']));
    expect(numbers.size).toBe(50);
    expect(await store.couplings.countByMapping()).toMatchObject({ customers: 50 });
  });

  it('a conflict is recorded and Synchronize resolves it', async () => {
    const coupling = (await store.couplings.list({ limit: 1 })).items[0];
    if (!coupling?.erpId || !coupling.crmId) throw new Error('no coupling');
    erp.edit(coupling.erpId, { displayName: 'ERP side' });
    crm.edit(coupling.crmId, { name: 'CRM side' });
    await withEngine({}, async (e) => {
      const run = await e.runSync({ mapping: 'customers' });
      expect(run.counters.conflicts).toBe(1);
      const error = await store.errors.findOpen('customers', { couplingId: coupling.id });
      const fixed = await e.runAction({
        action: { type: 'synchronize', choice: { winner: 'erp' } },
        targets: [{ couplingId: coupling.id, errorId: error?.id ?? null }],
        requestedBy: 'ops',
      });
      expect(fixed.outcomes[0]?.status).toBe('succeeded');
    });
    expect(crm.records.get(coupling.crmId)?.['name']).toBe('ERP side');
    expect(await store.errors.findOpen('customers', { couplingId: coupling.id })).toBeNull();
  });
});
