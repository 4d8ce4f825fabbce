import { expect, it } from 'vitest';
import { describeEachStore } from '../testing/store-targets';
import { seedMapping } from '../testing/seed';

describeEachStore('watermarks repository', (f) => {
  it('stores one token per mapping and side, replacing it on every set', async () => {
    await seedMapping(f.store);
    expect(await f.store.watermarks.get('customers', 'crm')).toBeNull();
    await f.store.watermarks.set('customers', 'crm', 'https://crm/delta?token=1');
    f.clock.advance(1000);
    await f.store.watermarks.set('customers', 'crm', 'https://crm/delta?token=2');
    await f.store.watermarks.set('customers', 'erp', '2026-01-01T00:00:00Z');
    expect(await f.store.watermarks.get('customers', 'crm')).toEqual({
      mappingId: 'customers',
      side: 'crm',
      token: 'https://crm/delta?token=2',
      updatedAt: '2026-01-01T00:00:01.000Z',
    });
    expect((await f.store.watermarks.list('customers')).map((w) => w.side)).toEqual(['crm', 'erp']);
  });

  it('clears the watermarks of one side or of the whole mapping', async () => {
    await seedMapping(f.store);
    await f.store.watermarks.set('customers', 'crm', 'a');
    await f.store.watermarks.set('customers', 'erp', 'b');
    expect(await f.store.watermarks.clear('customers', 'erp')).toBe(1);
    expect(await f.store.watermarks.clear('customers')).toBe(1);
    expect(await f.store.watermarks.list()).toEqual([]);
  });

  it('commits a watermark only together with the records it covers', async () => {
    await seedMapping(f.store);
    await expect(
      f.store.transaction(async (tx) => {
        await tx.history.insertMany([{ mappingId: 'customers', erpId: 'e1', outcome: 'inserted' }]);
        await tx.watermarks.set('customers', 'erp', 'after-e1');
        throw new Error('killed');
      }),
    ).rejects.toThrow('killed');
    expect(await f.store.watermarks.get('customers', 'erp')).toBeNull();
  });
});
