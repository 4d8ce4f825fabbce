import { expect, it } from 'vitest';
import { describeEachStore } from '../testing/store-targets';
import { seedMapping } from '../testing/seed';

describeEachStore('jobs repository', (f) => {
  it('enqueues a job with zero counters and claims the oldest queued job first', async () => {
    await seedMapping(f.store);
    const first = await f.store.jobs.enqueue({
      mappingId: 'customers',
      type: 'incremental',
      trigger: 'scheduled',
      direction: 'both',
    });
    f.clock.advance(1);
    await f.store.jobs.enqueue({
      mappingId: 'customers',
      type: 'record',
      trigger: 'manual',
      params: { erpIds: ['e1'] },
    });
    expect(first).toMatchObject({ status: 'queued', dryRun: false, attempts: 0 });
    expect(first.counters.inserted).toBe(0);
    const claimed = await f.store.jobs.claimNext('w1');
    expect(claimed).toMatchObject({
      id: first.id,
      status: 'running',
      claimedBy: 'w1',
      attempts: 1,
      startedAt: '2026-01-01T00:00:00.001Z',
    });
    const second = await f.store.jobs.claimNext('w2', { types: ['record'] });
    expect(second?.params).toEqual({ erpIds: ['e1'] });
    expect(await f.store.jobs.claimNext('w3')).toBeNull();
  });

  it('starts a job already claimed by its creator so no other worker can take it', async () => {
    await seedMapping(f.store);
    const job = await f.store.jobs.enqueue({
      mappingId: 'customers',
      type: 'action',
      trigger: 'admin',
      claimedBy: 'api',
    });
    expect(job).toMatchObject({ status: 'running', claimedBy: 'api', attempts: 1 });
    expect(job.startedAt).not.toBeNull();
    expect(await f.store.jobs.claimNext('w1')).toBeNull();
    expect(await f.store.jobs.finish(job.id, 'succeeded', { worker: 'api' })).toBe(true);
  });

  it('never lets two workers claim the same job when they race', async () => {
    await seedMapping(f.store);
    for (let i = 0; i < 10; i++) {
      await f.store.jobs.enqueue({ mappingId: 'customers', type: 'sync', trigger: 'manual' });
    }
    const other = f.client === 'pg' ? await f.openAnother() : f.store;
    const claims = await Promise.all(
      Array.from({ length: 16 }, (_, i) => (i % 2 ? other : f.store).jobs.claimNext(`w${i}`)),
    );
    const ids = claims.flatMap((j) => (j ? [j.id] : []));
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
  });

  it('adds to counters atomically and records progress', async () => {
    await seedMapping(f.store);
    const job = await f.store.jobs.enqueue({
      mappingId: 'customers',
      type: 'sync',
      trigger: 'manual',
    });
    await Promise.all([
      f.store.jobs.addCounters(job.id, { inserted: 2, failed: 1 }),
      f.store.jobs.addCounters(job.id, { inserted: 3, conflicts: 1 }),
    ]);
    await f.store.jobs.setProgress(job.id, 5, 100);
    const read = await f.store.jobs.require(job.id);
    expect(read.counters).toMatchObject({ inserted: 5, failed: 1, conflicts: 1, modified: 0 });
    expect([read.progressDone, read.progressTotal]).toEqual([5, 100]);
  });

  it('keeps a heartbeat only for the worker that holds the job and finishes it once', async () => {
    await seedMapping(f.store);
    const job = await f.store.jobs.enqueue({
      mappingId: 'customers',
      type: 'sync',
      trigger: 'manual',
    });
    await f.store.jobs.claim(job.id, 'w1');
    expect(await f.store.jobs.heartbeat(job.id, 'w2')).toBe(false);
    f.clock.advance(5000);
    expect(await f.store.jobs.heartbeat(job.id, 'w1')).toBe(true);
    expect(await f.store.jobs.finish(job.id, 'succeeded', { worker: 'w2' })).toBe(false);
    expect(await f.store.jobs.finish(job.id, 'succeeded', { worker: 'w1' })).toBe(true);
    expect(await f.store.jobs.finish(job.id, 'failed')).toBe(false);
    expect(await f.store.jobs.require(job.id)).toMatchObject({
      status: 'succeeded',
      heartbeatAt: '2026-01-01T00:00:05.000Z',
      finishedAt: '2026-01-01T00:00:05.000Z',
    });
  });

  it('puts running jobs with a stale heartbeat back in the queue and leaves live ones alone', async () => {
    await seedMapping(f.store);
    const stale = await f.store.jobs.enqueue({
      mappingId: 'customers',
      type: 'sync',
      trigger: 'manual',
    });
    const live = await f.store.jobs.enqueue({
      mappingId: 'customers',
      type: 'sync',
      trigger: 'manual',
    });
    await f.store.jobs.claim(stale.id, 'dead');
    f.clock.advance(60_000);
    await f.store.jobs.claim(live.id, 'alive');
    expect(await f.store.jobs.requeueStale(new Date('2026-01-01T00:00:30.000Z'))).toEqual([
      stale.id,
    ]);
    expect(await f.store.jobs.heartbeat(stale.id, 'dead')).toBe(false);
    const reclaimed = await f.store.jobs.claimNext('w2');
    expect(reclaimed).toMatchObject({
      id: stale.id,
      attempts: 2,
      startedAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it('cancels a queued job at once and asks a running job to stop', async () => {
    await seedMapping(f.store);
    const queued = await f.store.jobs.enqueue({
      mappingId: 'customers',
      type: 'sync',
      trigger: 'manual',
    });
    const running = await f.store.jobs.enqueue({
      mappingId: 'customers',
      type: 'sync',
      trigger: 'manual',
    });
    await f.store.jobs.claim(running.id, 'w1');
    expect(await f.store.jobs.requestCancel(queued.id)).toMatchObject({ status: 'cancelled' });
    expect(await f.store.jobs.requestCancel(running.id)).toMatchObject({
      status: 'running',
      cancelRequested: true,
    });
    expect((await f.store.jobs.active('customers')).map((j) => j.id)).toEqual([running.id]);
  });

  it('lists jobs newest first with keyset paging and filters', async () => {
    await seedMapping(f.store);
    await seedMapping(f.store, 'items');
    for (let i = 0; i < 25; i++) {
      f.clock.advance(i % 3 === 0 ? 0 : 10);
      await f.store.jobs.enqueue({
        mappingId: i % 5 === 0 ? 'items' : 'customers',
        type: 'sync',
        trigger: 'manual',
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await f.store.jobs.list({ limit: 7, cursor, mappingId: 'customers' });
      seen.push(...page.items.map((j) => j.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(20);
    expect(new Set(seen).size).toBe(20);
    const all = await f.store.jobs.list({ limit: 100, mappingId: 'customers' });
    expect(all.items.map((j) => j.id)).toEqual(seen);
    const created = all.items.map((j) => j.createdAt);
    expect([...created].sort().reverse()).toEqual(created);
  });
});
