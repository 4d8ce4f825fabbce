import { createStore, type Store } from '@twinsync/sync-store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncEngine, type TwinSyncEngine } from '../engine/create-sync-engine';
import { createMemoryApp, type MemoryApp } from '../testing/memory-app';

let store: Store;
let erp: MemoryApp;
let crm: MemoryApp;
let engine: TwinSyncEngine;

beforeEach(async () => {
  store = await createStore({ client: 'sqlite', filename: ':memory:' });
  erp = createMemoryApp('erp');
  crm = createMemoryApp('crm', { key: 'accountid' });
  engine = createSyncEngine({ store, erp, crm });
});

afterEach(async () => {
  await engine.close();
  await store.close();
});

async function conflictPair() {
  const erpId = erp.insert({ number: 'C1', displayName: 'Base', email: 'a@x.example' });
  await engine.runSync({ mapping: 'customers' });
  const crmId = [...crm.records.keys()][0] ?? '';
  erp.edit(erpId, { displayName: 'ERP name', email: 'erp@x.example' });
  crm.edit(crmId, { name: 'CRM name' });
  await engine.runSync({ mapping: 'customers' });
  const coupling = (await store.couplings.list({ limit: 1 })).items[0];
  if (!coupling) throw new Error('no coupling');
  const error = await store.errors.findOpen('customers', { couplingId: coupling.id });
  return { erpId, crmId, couplingId: coupling.id, errorId: error?.id ?? null };
}

const target = (couplingId: string, errorId: string | null = null) => [{ couplingId, errorId }];

describe('admin actions', () => {
  it('Synchronize with the CRM as winner writes the CRM values to the ERP and closes the error', async () => {
    const { erpId, crmId, couplingId, errorId } = await conflictPair();
    const result = await engine.runAction({
      action: { type: 'synchronize', choice: { winner: 'crm' } },
      targets: target(couplingId, errorId),
      requestedBy: 'ops',
    });
    expect(result.outcomes).toEqual([{ couplingId, errorId, status: 'succeeded', message: null }]);
    expect(erp.records.get(erpId)).toMatchObject({ displayName: 'CRM name', email: 'a@x.example' });
    expect(crm.records.get(crmId)?.['name']).toBe('CRM name');
    const error = errorId ? await store.errors.get(errorId) : null;
    expect(error).toMatchObject({ resolution: 'synchronize', resolvedBy: 'ops' });
    expect((await store.couplings.require(couplingId)).state).toBe('coupled');
  });

  it('Synchronize per field takes each chosen value and keeps one-sided changes', async () => {
    const { erpId, crmId, couplingId } = await conflictPair();
    const preview = await engine.previewSynchronize(couplingId, { fields: { name: 'crm' } });
    expect(preview.fields.find((f) => f.field === 'name')).toMatchObject({
      erp: 'ERP name',
      crm: 'CRM name',
      result: 'CRM name',
      erpChanges: true,
      crmChanges: false,
    });
    await engine.runAction({
      action: { type: 'synchronize', choice: { fields: { name: 'crm' } } },
      targets: target(couplingId),
      requestedBy: 'ops',
    });
    expect(erp.records.get(erpId)).toMatchObject({
      displayName: 'CRM name',
      email: 'erp@x.example',
    });
    expect(crm.records.get(crmId)).toMatchObject({
      name: 'CRM name',
      emailaddress1: 'erp@x.example',
    });
  });

  it('Restore re-creates the deleted record and Delete is refused while both exist', async () => {
    const { crmId, couplingId } = await conflictPair();
    const refused = await engine.runAction({
      action: { type: 'restore' },
      targets: target(couplingId),
      requestedBy: 'ops',
    });
    expect(refused.outcomes[0]).toMatchObject({ status: 'skipped' });
    crm.remove(crmId);
    const restored = await engine.runAction({
      action: { type: 'restore' },
      targets: target(couplingId),
      requestedBy: 'ops',
    });
    expect(restored.outcomes[0]?.status).toBe('succeeded');
    expect(crm.records.size).toBe(1);
    const coupling = await store.couplings.require(couplingId);
    expect(coupling.crmId).not.toBe(crmId);
    expect(crm.records.has(coupling.crmId ?? '')).toBe(true);
  });

  it('Delete removes the surviving record and the coupling', async () => {
    const { erpId, couplingId } = await conflictPair();
    erp.remove(erpId);
    const result = await engine.runAction({
      action: { type: 'delete' },
      targets: target(couplingId),
      requestedBy: 'ops',
    });
    expect(result.outcomes[0]?.status).toBe('succeeded');
    expect(crm.records.size).toBe(0);
    expect(await store.couplings.get(couplingId)).toBeNull();
  });

  it('Remove coupling leaves both records and forgets the pair', async () => {
    const { couplingId } = await conflictPair();
    await engine.runAction({
      action: { type: 'removeCoupling' },
      targets: target(couplingId),
      requestedBy: 'ops',
    });
    expect(await store.couplings.get(couplingId)).toBeNull();
    expect(erp.records.size).toBe(1);
    expect(crm.records.size).toBe(1);
  });

  it('Couple links two existing records and writes the ERP values to the CRM', async () => {
    const erpId = erp.insert({ number: 'C9', displayName: 'Contoso', email: 'c@contoso.example' });
    const crmId = crm.insert({ name: 'Contoso Ltd', accountnumber: 'OTHER' });
    const result = await engine.runAction({
      action: { type: 'couple', mappingId: 'customers', pairs: [{ erpId, crmId }] },
      targets: [],
      requestedBy: 'ops',
    });
    expect(result.outcomes[0]?.status).toBe('succeeded');
    expect(crm.records.get(crmId)).toMatchObject({ name: 'Contoso', accountnumber: 'C9' });
    const again = await engine.runAction({
      action: { type: 'couple', mappingId: 'customers', pairs: [{ erpId, crmId }] },
      targets: [],
      requestedBy: 'ops',
    });
    expect(again.outcomes[0]).toMatchObject({ status: 'failed' });
  });

  it('Retry clears Skipped so the next run includes the record again', async () => {
    const { couplingId } = await conflictPair();
    await engine.runSync({ mapping: 'customers' });
    expect((await store.couplings.require(couplingId)).skipped).toBe(true);
    await engine.runAction({
      action: { type: 'retry' },
      targets: target(couplingId),
      requestedBy: 'ops',
    });
    expect((await store.couplings.require(couplingId)).skipped).toBe(false);
  });

  it('Dismiss closes the error without touching either record', async () => {
    const { couplingId, errorId } = await conflictPair();
    await engine.runAction({
      action: { type: 'dismiss' },
      targets: target(couplingId, errorId),
      requestedBy: 'ops',
    });
    expect(await store.errors.findOpen('customers', { couplingId })).toBeNull();
  });
});
