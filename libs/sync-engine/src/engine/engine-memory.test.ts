import { createStore, type Store } from '@twinsync/sync-store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryApp, type MemoryApp } from '../testing/memory-app';
import { createSyncEngine, type TwinSyncEngine } from './create-sync-engine';

let store: Store;
let erp: MemoryApp;
let crm: MemoryApp;
let engine: TwinSyncEngine;

const customer = (n: number) => ({
  number: `C${String(n).padStart(5, '0')}`,
  displayName: `Customer ${n}`,
  email: `c${n}@example.com`,
  creditLimit: 1000 * n,
  blocked: ' ',
});

beforeEach(async () => {
  store = await createStore({ client: 'sqlite', filename: ':memory:' });
  erp = createMemoryApp('erp');
  crm = createMemoryApp('crm', { key: 'accountid' });
  engine = createSyncEngine({ store, erp, crm, batchSize: 50 });
});

afterEach(async () => {
  await engine.close();
  await store.close();
});

describe('sync engine on in-memory apps', () => {
  it('a first sync creates a CRM account for every ERP customer and couples them', async () => {
    for (let n = 1; n <= 120; n++) erp.insert(customer(n));
    const result = await engine.runSync({ mapping: 'customers' });
    expect(result.status).toBe('succeeded');
    expect(result.counters.inserted).toBe(120);
    expect(crm.records.size).toBe(120);
    const names = [...crm.records.values()].map((r) => r['name']).sort();
    expect(names).toContain('Customer 7');
    const second = await engine.runSync({ mapping: 'customers' });
    expect(second.counters.inserted).toBe(0);
    expect(crm.records.size).toBe(120);
  });

  it('disjoint edits on both sides are merged into both records', async () => {
    const id = erp.insert(customer(1));
    await engine.runSync({ mapping: 'customers' });
    const crmId = [...crm.records.keys()][0] ?? '';
    erp.edit(id, { displayName: 'Renamed in ERP' });
    crm.edit(crmId, { emailaddress1: 'new@crm.example' });
    const result = await engine.runSync({ mapping: 'customers' });
    expect(result.status).toBe('succeeded');
    expect(crm.records.get(crmId)?.['name']).toBe('Renamed in ERP');
    expect(erp.records.get(id)?.['email']).toBe('new@crm.example');
  });

  it('a field changed on both sides to different values is a conflict error under raise-error', async () => {
    const id = erp.insert(customer(1));
    await engine.runSync({ mapping: 'customers' });
    const crmId = [...crm.records.keys()][0] ?? '';
    erp.edit(id, { displayName: 'ERP name' });
    crm.edit(crmId, { name: 'CRM name' });
    const result = await engine.runSync({ mapping: 'customers' });
    expect(result.counters.conflicts).toBe(1);
    const errors = await store.errors.list({ limit: 10, filter: { kinds: ['conflict'] } });
    expect(errors.items).toHaveLength(1);
    expect(errors.items[0]?.details).toMatchObject({
      erp: { name: 'ERP name' },
      crm: { name: 'CRM name' },
    });
  });
});

describe('deletions, invalid data, faults and dry runs on in-memory apps', () => {
  async function coupledPair() {
    const erpId = erp.insert(customer(1));
    await engine.runSync({ mapping: 'customers' });
    const crmId = [...crm.records.keys()][0] ?? '';
    return { erpId, crmId };
  }

  it('a record deleted in the CRM is an error under raise-error and Skipped when it repeats', async () => {
    const { crmId } = await coupledPair();
    crm.remove(crmId);
    const first = await engine.runSync({ mapping: 'customers' });
    expect(first.counters.failed).toBe(1);
    const open = await store.errors.list({ limit: 10 });
    expect(open.items[0]).toMatchObject({ kind: 'deleted', state: 'deleted-in-crm' });
    await engine.runSync({ mapping: 'customers' });
    const coupling = (await store.couplings.list({ limit: 10 })).items[0];
    expect(coupling?.skipped).toBe(true);
    expect(erp.records.size).toBe(1);
  });

  it('a record deleted in the ERP is deleted in the CRM under delete-survivor', async () => {
    const { erpId } = await coupledPair();
    await store.mappings.update('customers', { deletionConflictPolicy: 'delete-survivor' });
    erp.remove(erpId);
    const result = await engine.runSync({ mapping: 'customers', full: true });
    expect(result.counters.deleted).toBe(1);
    expect(crm.records.size).toBe(0);
    expect((await store.couplings.list({ limit: 10 })).items).toHaveLength(0);
  });

  it('a record deleted in the CRM is re-created from the ERP under restore', async () => {
    const { crmId } = await coupledPair();
    await store.mappings.update('customers', { deletionConflictPolicy: 'restore' });
    crm.remove(crmId);
    const result = await engine.runSync({ mapping: 'customers' });
    expect(result.counters.inserted).toBe(1);
    expect(crm.records.size).toBe(1);
    expect([...crm.records.values()][0]?.['name']).toBe('Customer 1');
  });

  it('a record deleted in the ERP only loses its coupling under remove-coupling', async () => {
    const { erpId } = await coupledPair();
    await store.mappings.update('customers', { deletionConflictPolicy: 'remove-coupling' });
    erp.remove(erpId);
    const result = await engine.runSync({ mapping: 'customers', full: true });
    expect(result.counters.uncoupled).toBe(1);
    expect(crm.records.size).toBe(1);
  });

  it('values the CRM refuses become a validation error on that record only', async () => {
    erp.insert(customer(1));
    erp.insert({ ...customer(2), email: 'not-an-email' });
    crm.validator = (v) =>
      typeof v['emailaddress1'] === 'string' && !v['emailaddress1'].includes('@')
        ? 'emailaddress1 is not an email address'
        : null;
    const result = await engine.runSync({ mapping: 'customers' });
    expect(result.counters.inserted).toBe(1);
    expect(result.counters.failed).toBe(1);
    const errors = await store.errors.list({ limit: 10 });
    expect(errors.items[0]).toMatchObject({ kind: 'validation', recordNumber: 'C00002' });
  });

  it('transient write failures never mark a record Skipped and the next run converges', async () => {
    for (let n = 1; n <= 5; n++) erp.insert(customer(n));
    crm.failNextWrites(5);
    await engine.runSync({ mapping: 'customers' });
    await engine.runSync({ mapping: 'customers' });
    crm.failNextWrites(0);
    const skipped = (await store.couplings.list({ limit: 10, skipped: true })).items;
    expect(skipped).toHaveLength(0);
    await engine.runSync({ mapping: 'customers' });
    expect(crm.records.size).toBe(5);
  });

  it('a dry run reports its decisions and writes nothing to the apps or the couplings', async () => {
    for (let n = 1; n <= 3; n++) erp.insert(customer(n));
    const result = await engine.runSync({ mapping: 'customers', dryRun: true });
    expect(result.dryRun).toBe(true);
    expect(result.counters.inserted).toBe(3);
    expect(result.decisions.map((d) => d.action)).toEqual([
      'create-crm',
      'create-crm',
      'create-crm',
    ]);
    expect(crm.records.size).toBe(0);
    expect((await store.couplings.list({ limit: 10 })).items).toHaveLength(0);
    expect(await store.watermarks.get('customers', 'erp')).toBeNull();
  });

  it('a user edit between read and write is re-read and re-decided, never overwritten', async () => {
    const { erpId, crmId } = await coupledPair();
    erp.edit(erpId, { displayName: 'From ERP' });
    let edited = false;
    crm.beforeWrite = () => {
      if (edited) return;
      edited = true;
      crm.edit(crmId, { telephone1: '+1 555 0100' });
    };
    const result = await engine.runSync({ mapping: 'customers' });
    expect(result.status).toBe('succeeded');
    expect(crm.records.get(crmId)).toMatchObject({ name: 'From ERP', telephone1: '+1 555 0100' });
    expect(erp.records.get(erpId)?.['phoneNumber']).toBe('+1 555 0100');
  });
});

describe('manual sync of one record on in-memory apps', () => {
  it('syncs the named record only and leaves other changes for the next run', async () => {
    const a = erp.insert(customer(1));
    const b = erp.insert(customer(2));
    const result = await engine.syncRecord({ mapping: 'customers', erpId: a });
    expect(result).toMatchObject({ status: 'succeeded', counters: { inserted: 1 } });
    expect([...crm.records.values()].map((r) => r['accountnumber'])).toEqual(['C00001']);
    expect(await store.couplings.findByErpId('customers', b)).toBeNull();
  });

  it('fails the job with a plain message when the record does not exist', async () => {
    const result = await engine.syncRecord({ mapping: 'customers', crmId: 'no-such-id' });
    expect(result.status).toBe('failed');
    expect(result.error).toBe(
      'The CRM has no accounts record no-such-id, and no coupling names it.',
    );
  });

  it('refuses a request that names no record', async () => {
    await expect(engine.syncRecord({ mapping: 'customers' })).rejects.toThrow(
      'syncRecord needs an erpId, a crmId or a couplingId.',
    );
  });
});

describe('echoes and edits made while a run is under way', () => {
  it('a user edit made after the run wrote a record, but before it read that app, still syncs', async () => {
    const erpId = erp.insert(customer(1));
    await engine.runSync({ mapping: 'customers' });
    const crmId = [...crm.records.keys()][0] ?? '';
    erp.edit(erpId, { displayName: 'ERP rename' });
    let edited = false;
    const editing = createSyncEngine({
      store,
      erp,
      crm,
      hooks: {
        afterCommit: () => {
          // The ERP→CRM phase just committed its write to the CRM; a user edits that account.
          if (edited) return;
          edited = true;
          crm.edit(crmId, { telephone1: '+44 20 7946 0000' });
        },
      },
    });
    try {
      await editing.runSync({ mapping: 'customers' });
    } finally {
      await editing.close();
    }
    await engine.runSync({ mapping: 'customers' });
    expect(erp.records.get(erpId)).toMatchObject({
      displayName: 'ERP rename',
      phoneNumber: '+44 20 7946 0000',
    });
    expect(crm.records.get(crmId)).toMatchObject({
      name: 'ERP rename',
      telephone1: '+44 20 7946 0000',
    });
  });

  it('the echo of its own write is not read back from the other app on the next run', async () => {
    for (let n = 1; n <= 5; n++) erp.insert(customer(n));
    await engine.runSync({ mapping: 'customers' });
    const erpId = [...erp.records.keys()][0] ?? '';
    erp.edit(erpId, { displayName: 'Renamed' });
    // A one-way run writes the CRM and does not read the CRM's changes afterwards.
    await engine.runSync({ mapping: 'customers', direction: 'erp-to-crm' });
    let reads = 0;
    const getMany = erp.getMany.bind(erp);
    erp.getMany = (entity, ids) => {
      reads += ids.length;
      return getMany(entity, ids);
    };
    const echo = await engine.runSync({ mapping: 'customers' });
    expect(echo.counters.modified).toBe(0);
    expect(reads).toBe(0);
  });
});

describe('match-based coupling of a large first sync', () => {
  it('scans the other app once instead of querying per batch, and couples instead of duplicating', async () => {
    for (let n = 1; n <= 150; n++) erp.insert(customer(n));
    for (let n = 1; n <= 120; n++)
      crm.insert({ name: `Account ${n}`, accountnumber: customer(n).number });
    for (let n = 1; n <= 5; n++) crm.insert({ name: `CRM only ${n}`, accountnumber: `CRM${n}` });
    const big = createSyncEngine({ store, erp, crm, batchSize: 500 });
    try {
      const result = await big.runSync({ mapping: 'customers' });
      expect(result.counters).toMatchObject({ inserted: 35, failed: 0 });
    } finally {
      await big.close();
    }
    expect(crm.valueScans).toBe(1);
    expect(crm.matchQueries).toBe(0);
    expect(crm.records.size).toBe(155);
    expect(erp.records.size).toBe(155);
    const numbers = [...crm.records.values()].map((r) => r['accountnumber']);
    expect(new Set(numbers).size).toBe(155);
    expect((await store.couplings.list({ limit: 500 })).items).toHaveLength(155);
  });
});

describe('pipelined batches', () => {
  it('a record matched by a batch whose writes are still in flight is not matched again by the next batch', async () => {
    for (let n = 1; n <= 49; n++) erp.insert(customer(n));
    // The 50th and 51st customer (the last of batch 1, the first of batch 2) share one number.
    erp.insert({ ...customer(50), number: 'TWIN' });
    erp.insert({ ...customer(51), number: 'TWIN' });
    const existing = crm.insert({ name: 'Existing twin', accountnumber: 'TWIN' });
    const write = crm.write.bind(crm);
    let writes = 0;
    crm.write = async (entity, ops) => {
      writes += 1;
      // Batch 1's writes are slow: batch 2 is read, matched and decided meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 50));
      return write(entity, ops);
    };
    const result = await engine.runSync({ mapping: 'customers' });
    expect(result.status).toBe('succeeded');
    expect(writes).toBeGreaterThanOrEqual(2);
    expect(result.counters).toMatchObject({ inserted: 50, coupled: 51, failed: 0 });
    const coupledToExisting = (await store.couplings.list({ limit: 500 })).items.filter(
      (c) => c.crmId === existing,
    );
    expect(coupledToExisting).toHaveLength(1);
    expect(crm.records.size).toBe(51);
  });
});

describe('full runs', () => {
  it('a first full sync lists no ids for a deletion sweep; a later full sync does', async () => {
    for (let n = 1; n <= 3; n++) erp.insert(customer(n));
    let listed = 0;
    for (const app of [erp, crm]) {
      const listIds = app.listIds.bind(app);
      app.listIds = (entity) => {
        listed += 1;
        return listIds(entity);
      };
    }
    await engine.runSync({ mapping: 'customers', full: true });
    expect(listed).toBe(0);
    await engine.runSync({ mapping: 'customers', full: true });
    expect(listed).toBe(2);
  });
});
