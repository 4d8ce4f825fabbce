import { createStore, type Store } from '@twinsync/sync-store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncEngine, type TwinSyncEngine } from '../engine/create-sync-engine';
import { createMemoryApp, type MemoryApp } from '../testing/memory-app';

let store: Store;
let clock: Date;
let engine: TwinSyncEngine;
let erp: MemoryApp;

beforeEach(async () => {
  clock = new Date('2026-01-05T08:00:00.000Z');
  store = await createStore({ client: 'sqlite', filename: ':memory:', clock: () => clock });
  erp = createMemoryApp('erp');
  engine = createSyncEngine({
    store,
    erp,
    crm: createMemoryApp('crm', { key: 'accountid' }),
    clock: () => clock,
  });
});

afterEach(async () => {
  await engine.close();
  await store.close();
});

const advance = (minutes: number) => {
  clock = new Date(clock.getTime() + minutes * 60_000);
};

async function scheduledRuns(mappingId: string) {
  return (await store.jobs.list({ mappingId, trigger: 'scheduled', limit: 100 })).items.length;
}

describe('the scheduler', () => {
  it('runs every mapping once at first, then again only after its own interval', async () => {
    await engine.tick();
    await engine.idle();
    expect(await scheduledRuns('customers')).toBe(1);
    expect(await scheduledRuns('items')).toBe(1);
    await store.mappings.update('items', { scheduleMinutes: 5 });
    advance(6);
    await engine.tick();
    await engine.idle();
    expect(await scheduledRuns('customers')).toBe(1);
    expect(await scheduledRuns('items')).toBe(2);
    advance(25);
    await engine.tick();
    await engine.idle();
    expect(await scheduledRuns('customers')).toBe(2);
  });

  it('leaves paused mappings out', async () => {
    await engine.tick();
    await engine.idle();
    await store.mappings.pause('contacts', 'too many errors');
    advance(31);
    await engine.tick();
    await engine.idle();
    expect(await scheduledRuns('contacts')).toBe(1);
    expect(await scheduledRuns('customers')).toBe(2);
  });

  it('reports that it runs once started and stops cleanly', async () => {
    expect(engine.schedulerStatus().running).toBe(false);
    await engine.start();
    expect(engine.schedulerStatus()).toMatchObject({ running: true, intervalMs: 60_000 });
    await engine.close();
    expect(engine.schedulerStatus().running).toBe(false);
  });

  it('sweeps for ERP deletions on its first run and then every sweep interval, not every run', async () => {
    // Like Business Central: changes carry no tombstones, deletions are found by sweeping.
    const changes = erp.changes.bind(erp);
    erp.changes = async function* (entity, token) {
      for await (const page of changes(entity, token)) yield { ...page, deletions: [] };
    };
    const first = erp.insert({ number: 'D1', displayName: 'Gone first' });
    const second = erp.insert({ number: 'D2', displayName: 'Gone later' });
    await engine.runSync({ mapping: 'customers' });
    // The in-memory apps serve every entity set from one table: only customers run here.
    await store.mappings.pause('contacts', 'not in this test');
    await store.mappings.pause('items', 'not in this test');
    const deletedInErp = async () =>
      (
        await store.errors.list({
          limit: 10,
          filter: { kinds: ['deleted'], mappingId: 'customers' },
        })
      ).items.map((e) => e.erpId);
    erp.remove(first);
    await engine.tick();
    await engine.idle();
    expect(await deletedInErp()).toEqual([first]);
    erp.remove(second);
    advance(31);
    await engine.tick();
    await engine.idle();
    expect(await deletedInErp()).toEqual([first]);
    advance(6 * 60);
    await engine.tick();
    await engine.idle();
    expect((await deletedInErp()).sort()).toEqual([first, second].sort());
  });

  it('takes back a job a dead worker left running once its heartbeat is stale, then runs it', async () => {
    erp.insert({ number: 'H1', displayName: 'Heartbeat Ltd' });
    await engine.start();
    // The in-memory apps serve every entity set from one table: only customers run here.
    await store.mappings.pause('contacts', 'not in this test');
    await store.mappings.pause('items', 'not in this test');
    const job = await store.jobs.enqueue({
      mappingId: 'customers',
      type: 'incremental',
      trigger: 'manual',
      direction: 'both',
      params: { kind: 'sync', full: false },
    });
    await store.jobs.claim(job.id, 'worker-that-died');
    advance(0.5);
    await engine.tick();
    await engine.idle();
    expect((await store.jobs.get(job.id))?.status).toBe('running');
    advance(2);
    await engine.tick();
    const done = await engine.waitForJob(job.id);
    expect(done.status).toBe('succeeded');
    expect(await store.jobs.get(job.id)).toMatchObject({ attempts: 2 });
    expect(done.counters.inserted).toBe(1);
  });
});
