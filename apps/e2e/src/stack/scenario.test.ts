import { createStore, type Store } from '@twinsync/sync-store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDemoApps } from './demo-apps';
import { createSeedClock, scenario, seedScenario, type SeedClock } from './scenario';

describe('the demo scenario', () => {
  let store: Store;
  let clock: SeedClock;
  beforeEach(async () => {
    // The store writes timestamps from the seed clock, as in the demo stack.
    clock = createSeedClock();
    store = await createStore({ client: 'sqlite', filename: ':memory:', clock: clock.now });
  });
  afterEach(() => store.close());

  it('leaves a conflict, a deletion in each app, an invalid record and throttled items open', async () => {
    const apps = createDemoApps();
    await seedScenario(store, apps, clock);
    const counts = await store.errors.counts();
    expect(counts.total).toBe(4 + scenario.throttledCount);
    expect(counts.byKind).toEqual({
      conflict: 1,
      deleted: 2,
      validation: 1,
      throttled: scenario.throttledCount,
    });
    expect(counts.byState).toMatchObject({ 'deleted-in-crm': 1, 'deleted-in-erp': 1 });
    // The deleted records are really gone from one app and present in the other.
    expect(apps.read('crm', scenario.deletedInCrm.crmId)).toBeNull();
    expect(apps.read('erp', scenario.deletedInCrm.erpId)).not.toBeNull();
    expect(apps.read('erp', scenario.deletedInErp.erpId)).toBeNull();
  });

  it('puts the jobs in the past hours, finished, so the jobs chart has a history', async () => {
    await seedScenario(store, createDemoApps(), clock);
    const jobs = (await store.jobs.list({ limit: 50 })).items;
    expect(jobs).toHaveLength(12);
    expect(jobs.every((j) => j.finishedAt !== null)).toBe(true);
    const oldest = Math.min(...jobs.map((j) => Date.parse(j.createdAt)));
    expect(Date.now() - oldest).toBeGreaterThan(5 * 3_600_000);
    expect(jobs.filter((j) => j.status === 'failed')).toHaveLength(1);
    // The seed clock is released: the store writes the real time again.
    expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(5_000);
  });

  it('gives the conflict a history of three events with before and after values', async () => {
    await seedScenario(store, createDemoApps(), clock);
    const log = await store.history.listForRecord({ couplingId: 'cpl-conflict' }, { limit: 10 });
    expect(log.items.map((e) => e.outcome)).toEqual(['conflict', 'modified', 'coupled']);
    expect(log.items[1]).toMatchObject({
      before: { phone: '555-0111' },
      after: { phone: '555-0100' },
    });
  });
});
