import { expect, it } from 'vitest';
import { describeEachStore } from '../testing/store-targets';
import { RecordNotFoundError } from '../store-errors';

describeEachStore('mappings repository', (f) => {
  const customers = {
    id: 'customers',
    name: 'Customers',
    erpEntity: 'customers',
    crmEntity: 'accounts',
  };

  it('seeds a mapping with defaults and leaves an existing mapping as it is', async () => {
    const created = await f.store.mappings.ensure(customers);
    expect(created).toMatchObject({
      enabled: true,
      paused: false,
      direction: 'bidirectional',
      scheduleMinutes: 30,
      mode: 'scheduled',
      errorThreshold: null,
      fieldMappings: [],
    });
    await f.store.mappings.update('customers', { scheduleMinutes: 5 }, 'ada');
    expect(await f.store.mappings.ensure({ ...customers, scheduleMinutes: 60 })).toMatchObject({
      scheduleMinutes: 5,
      updatedBy: 'ada',
    });
  });

  it('overwrites the given settings on upsert and keeps field overrides as JSON', async () => {
    await f.store.mappings.ensure(customers);
    const updated = await f.store.mappings.upsert({
      ...customers,
      updateConflictPolicy: 'erp-wins',
      errorThreshold: 100,
      errorRateThreshold: 0.5,
      fieldMappings: [{ erp: 'email', crm: 'emailaddress1', direction: 'erp-to-crm' }],
    });
    expect(updated).toMatchObject({
      updateConflictPolicy: 'erp-wins',
      errorThreshold: 100,
      errorRateThreshold: 0.5,
      fieldMappings: [{ erp: 'email', crm: 'emailaddress1', direction: 'erp-to-crm' }],
    });
  });

  it('pauses with a reason and resumes', async () => {
    await f.store.mappings.ensure(customers);
    f.clock.advance(1000);
    expect(await f.store.mappings.pause('customers', 'too many errors')).toMatchObject({
      paused: true,
      pausedReason: 'too many errors',
      pausedAt: '2026-01-01T00:00:01.000Z',
    });
    expect(await f.store.mappings.resume('customers', 'ada')).toMatchObject({
      paused: false,
      pausedReason: null,
    });
    await expect(f.store.mappings.pause('nope', 'x')).rejects.toBeInstanceOf(RecordNotFoundError);
  });

  it('rolls back every write of a failed transaction', async () => {
    await f.store.mappings.ensure(customers);
    await expect(
      f.store.transaction(async (tx) => {
        await tx.couplings.create({ mappingId: 'customers', erpId: 'e1', crmId: 'c1' });
        await tx.errors.raise({
          mappingId: 'customers',
          erpId: 'e1',
          kind: 'x',
          state: 'failed',
          message: 'm',
        });
        throw new Error('crash');
      }),
    ).rejects.toThrow('crash');
    expect(await f.store.couplings.findByErpId('customers', 'e1')).toBeNull();
    expect((await f.store.errors.counts()).total).toBe(0);
  });
});
