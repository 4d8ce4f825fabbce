import { createStore, type Store } from '@twinsync/sync-store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncEngine, type TwinSyncEngine } from '../engine/create-sync-engine';
import { createMemoryApp } from '../testing/memory-app';

let store: Store;
let clock: Date;
let engine: TwinSyncEngine;

beforeEach(async () => {
  clock = new Date('2026-01-05T08:00:00.000Z');
  store = await createStore({ client: 'sqlite', filename: ':memory:', clock: () => clock });
  engine = createSyncEngine({
    store,
    erp: createMemoryApp('erp'),
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
});
