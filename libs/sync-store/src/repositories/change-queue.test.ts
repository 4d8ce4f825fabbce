import { expect, it } from 'vitest';
import { describeEachStore } from '../testing/store-targets';

describeEachStore('record change queue repository', (f) => {
  it('keeps one entry per record and moves its due time on every new change (debounce)', async () => {
    await f.store.changeQueue.enqueue([
      {
        mappingId: 'customers',
        side: 'erp',
        recordId: 'e1',
        reason: 'webhook',
        dueAt: '2026-01-01T00:00:02.000Z',
      },
      {
        mappingId: 'customers',
        side: 'erp',
        recordId: 'e2',
        reason: 'webhook',
        dueAt: '2026-01-01T00:00:02.000Z',
      },
    ]);
    await f.store.changeQueue.enqueue([
      {
        mappingId: 'customers',
        side: 'erp',
        recordId: 'e1',
        reason: 'webhook',
        dueAt: '2026-01-01T00:00:05.000Z',
      },
    ]);
    expect(await f.store.changeQueue.count()).toBe(2);
    f.clock.set('2026-01-01T00:00:03.000Z');
    expect((await f.store.changeQueue.takeDue(10)).map((c) => c.recordId)).toEqual(['e2']);
    expect(await f.store.changeQueue.takeDue(10)).toEqual([]);
    f.clock.set('2026-01-01T00:00:05.000Z');
    expect((await f.store.changeQueue.takeDue(10)).map((c) => c.recordId)).toEqual(['e1']);
    expect(await f.store.changeQueue.count()).toBe(0);
  });

  it('gives concurrent takers disjoint entries', async () => {
    await f.store.changeQueue.enqueue(
      Array.from({ length: 40 }, (_, i) => ({
        mappingId: 'customers',
        side: 'crm' as const,
        recordId: `c${i}`,
        reason: 'delta',
        dueAt: '2026-01-01T00:00:00.000Z',
      })),
    );
    const other = f.client === 'pg' ? await f.openAnother() : f.store;
    const taken = await Promise.all([
      f.store.changeQueue.takeDue(15),
      other.changeQueue.takeDue(15),
      f.store.changeQueue.takeDue(15),
    ]);
    const ids = taken.flat().map((c) => c.recordId);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
  });
});
