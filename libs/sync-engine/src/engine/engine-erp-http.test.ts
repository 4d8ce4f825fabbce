import { createStore, type Store } from '@twinsync/sync-store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryApp, type MemoryApp } from '../testing/memory-app';
import { startErpHarness, type ErpHarness } from '../testing/erp-harness';
import { createSyncEngine, type SyncEngineOptions } from './create-sync-engine';

let store: Store;
let erp: ErpHarness;
let crm: MemoryApp;
const engines: { close(): Promise<void> }[] = [];

function engine(extra: Partial<SyncEngineOptions> = {}) {
  const e = createSyncEngine({ store, erp: erp.app, crm, batchSize: 25, ...extra });
  engines.push(e);
  return e;
}

beforeEach(async () => {
  store = await createStore({ client: 'sqlite', filename: ':memory:' });
  erp = await startErpHarness();
  crm = createMemoryApp('crm', { key: 'accountid' });
});

afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
  await erp.close();
  await store.close();
});

class SimulatedCrash extends Error {}

describe('sync with the real ERP mock over HTTP', () => {
  it('a first sync creates a CRM account for every seeded ERP customer', async () => {
    await erp.mock.app.controls.seed(60, 1);
    const result = await engine().runSync({ mapping: 'customers' });
    expect(result.status).toBe('succeeded');
    expect(result.counters.inserted).toBe(60);
    const numbers = new Set([...crm.records.values()].map((r) => r['accountnumber']));
    expect(numbers.size).toBe(60);
  });

  it('CRM accounts become ERP customers with their number, and ERP edits flow back', async () => {
    crm.insert({
      name: 'Fabrikam',
      accountnumber: 'FAB-1',
      emailaddress1: 'info@fabrikam.example',
    });
    crm.insert({ name: 'No Number Inc', emailaddress1: 'hello@nonumber.example' });
    const e = engine();
    await e.runSync({ mapping: 'customers' });
    const customers = await erp.all('customers');
    expect(customers.map((c) => c['displayName']).sort()).toEqual(['Fabrikam', 'No Number Inc']);
    expect(customers.find((c) => c['displayName'] === 'Fabrikam')?.['number']).toBe('FAB-1');
    const fabrikam = customers.find((c) => c['displayName'] === 'Fabrikam');
    await erp.mock.app.controls.editAsUser('customers', String(fabrikam?.['id']), {
      phoneNumber: '+46 8 123',
    });
    await e.runSync({ mapping: 'customers' });
    const account = [...crm.records.values()].find((r) => r['name'] === 'Fabrikam');
    expect(account?.['telephone1']).toBe('+46 8 123');
    // The planned number of the record without one came back to the CRM.
    const other = [...crm.records.values()].find((r) => r['name'] === 'No Number Inc');
    expect(other?.['accountnumber']).toMatch(/^TS/);
  });

  it('a 429/503 storm on the ERP converges with nothing Skipped', async () => {
    for (let n = 1; n <= 40; n++) crm.insert({ name: `Storm ${n}`, accountnumber: `ST${n}` });
    erp.mock.app.controls.setFaults({ rate429: 0.3, retryAfterSeconds: 1, rate503: 0.1 });
    const e = engine();
    await e.runSync({ mapping: 'customers' });
    await e.runSync({ mapping: 'customers' });
    erp.mock.app.controls.setFaults({ rate429: 0, rate503: 0 });
    await e.runSync({ mapping: 'customers' });
    expect((await erp.all('customers')).length).toBe(40);
    expect((await store.couplings.list({ limit: 100, skipped: true })).items).toHaveLength(0);
    expect(erp.mock.app.controls.counters().faults['429']).toBeGreaterThan(0);
  });

  it.each([
    ['after planned creates were remembered, before any write', 'beforeWrites'],
    ['after the ERP accepted its part of a batch', 'afterSideWrites'],
    ['after the apps accepted a batch', 'afterWrites'],
    ['after a batch was committed', 'afterCommit'],
  ] as const)(
    'a crash %s is followed by a restart that converges with no duplicates',
    async (_label, point) => {
      for (let n = 1; n <= 60; n++) crm.insert({ name: `Crash ${n}`, accountnumber: `CR${n}` });
      const crashing = engine({
        hooks: {
          [point]: ({ batch }: { batch: number }) => {
            if (batch === 2) throw new SimulatedCrash('killed');
          },
        },
      });
      const first = await crashing.runSync({ mapping: 'customers' });
      expect(first.status).toBe('failed');
      await crashing.close();
      const restarted = engine();
      await restarted.runSync({ mapping: 'customers' });
      const again = await restarted.runSync({ mapping: 'customers' });
      const customers = await erp.all('customers');
      expect(customers).toHaveLength(60);
      expect(new Set(customers.map((c) => c['number'])).size).toBe(60);
      expect(again.counters.inserted).toBe(0);
      const couplings = await store.couplings.list({ limit: 100 });
      expect(couplings.items.filter((c) => c.state === 'coupled')).toHaveLength(60);
    },
  );
});
