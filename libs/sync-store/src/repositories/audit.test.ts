import { expect, it } from 'vitest';
import { describeEachStore } from '../testing/store-targets';

describeEachStore('audit repository', (f) => {
  it('appends an admin action with who, what, how many and the outcome', async () => {
    const entry = await f.store.audit.append({
      username: 'ada',
      role: 'operator',
      action: 'errors.retry',
      target: 'errors matching {"kinds":["conflict"]}',
      recordCount: 10_000,
      outcome: 'succeeded',
      details: { jobId: 'j1' },
    });
    expect(entry).toMatchObject({
      username: 'ada',
      role: 'operator',
      recordCount: 10_000,
      outcome: 'succeeded',
      details: { jobId: 'j1' },
      at: '2026-01-01T00:00:00.000Z',
    });
    expect(typeof entry.id).toBe('string');
  });

  it('lists entries newest first, filtered and keyset-paged without duplicates or gaps', async () => {
    for (let i = 0; i < 23; i++) {
      if (i % 4 === 0) f.clock.advance(1000);
      await f.store.audit.append({
        username: i % 2 ? 'ada' : 'bob',
        action: 'couplings.remove',
        target: `coupling ${i}`,
        recordCount: 1,
        outcome: 'succeeded',
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await f.store.audit.list({ limit: 5, cursor });
      seen.push(...page.items.map((e) => e.target));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(23);
    expect(new Set(seen).size).toBe(23);
    expect(seen[0]).toBe('coupling 22');
    expect((await f.store.audit.list({ limit: 50, username: 'ada' })).items).toHaveLength(11);
  });
});
