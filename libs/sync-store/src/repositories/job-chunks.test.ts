import { expect, it } from 'vitest';
import { describeEachStore } from '../testing/store-targets';
import { seedMapping } from '../testing/seed';

describeEachStore('job chunks repository', (f) => {
  async function jobWithChunks() {
    await seedMapping(f.store);
    const job = await f.store.jobs.enqueue({
      mappingId: 'customers',
      type: 'initial',
      trigger: 'manual',
    });
    const chunks = await f.store.jobChunks.createMany(job.id, [['e1', 'e2', 'e3'], ['e4']]);
    return { job, chunks };
  }

  it('creates the chunks of a job in order, pending, with their ids and sizes', async () => {
    const { job, chunks } = await jobWithChunks();
    const listed = await f.store.jobChunks.listByJob(job.id);
    expect(listed.map((c) => [c.seq, c.ids, c.total, c.cursor, c.state])).toEqual([
      [0, ['e1', 'e2', 'e3'], 3, 0, 'pending'],
      [1, ['e4'], 1, 0, 'pending'],
    ]);
    expect(listed.map((c) => c.id)).toEqual(chunks.map((c) => c.id));
  });

  it('a chunk keeps its committed cursor, and only its holder may move it or finish it', async () => {
    const { chunks } = await jobWithChunks();
    const id = chunks[0]?.id ?? '';
    expect(await f.store.jobChunks.claim(id, 'w1')).toMatchObject({
      state: 'running',
      claimedBy: 'w1',
      attempts: 1,
    });
    expect(await f.store.jobChunks.advance(id, 'w1', 2)).toBe(true);
    expect(await f.store.jobChunks.holds(id, 'w1')).toBe(true);
    // w1 died; w2 takes the chunk over and resumes at the committed cursor.
    expect(await f.store.jobChunks.claim(id, 'w2')).toMatchObject({ cursor: 2, attempts: 2 });
    expect(await f.store.jobChunks.holds(id, 'w1')).toBe(false);
    expect(await f.store.jobChunks.holds(id, 'w2')).toBe(true);
    expect(await f.store.jobChunks.advance(id, 'w1', 3)).toBe(false);
    expect(await f.store.jobChunks.finish(id, 'w1', 'done')).toBe(false);
    expect(await f.store.jobChunks.finish(id, 'w2', 'done')).toBe(true);
    expect(await f.store.jobChunks.claim(id, 'w3')).toBeNull();
    expect(await f.store.jobChunks.holds(id, 'w2')).toBe(false);
    expect(await f.store.jobChunks.get(id)).toMatchObject({ state: 'done', cursor: 2 });
  });

  it('lists chunk states without their ids, and abandons a chunk whoever holds it', async () => {
    const { job, chunks } = await jobWithChunks();
    await f.store.jobChunks.claim(chunks[0]?.id ?? '', 'w1');
    await f.store.jobChunks.abandon(chunks[0]?.id ?? '', 'its workers kept dying');
    const states = await f.store.jobChunks.statesByJob(job.id);
    expect(states.map((c) => [c.seq, c.state, c.total, c.error])).toEqual([
      [0, 'failed', 3, 'its workers kept dying'],
      [1, 'pending', 1, null],
    ]);
    expect(states[0]).not.toHaveProperty('ids');
  });

  it('keeps the ERP change token of the listing the chunks were cut from, for a coordinator taken over', async () => {
    await seedMapping(f.store);
    const job = await f.store.jobs.enqueue({
      mappingId: 'customers',
      type: 'initial',
      trigger: 'manual',
    });
    expect(await f.store.jobChunks.erpTokenOf(job.id)).toBeNull();
    const token = JSON.stringify({ watermark: '2026-12-01T14:00:00.123Z', ids: ['e3'] });
    await f.store.jobChunks.createMany(job.id, [['e1', 'e2'], ['e3']], token);
    expect(await f.store.jobChunks.erpTokenOf(job.id)).toBe(token);
    // Chunks made without a token (a listing that gave none) say so.
    const other = await f.store.jobs.enqueue({
      mappingId: 'customers',
      type: 'initial',
      trigger: 'manual',
    });
    await f.store.jobChunks.createMany(other.id, [['e9']]);
    expect(await f.store.jobChunks.erpTokenOf(other.id)).toBeNull();
  });

  it('a failed chunk keeps its error', async () => {
    const { chunks } = await jobWithChunks();
    const id = chunks[1]?.id ?? '';
    await f.store.jobChunks.claim(id, 'w1');
    await f.store.jobChunks.finish(id, 'w1', 'failed', 'ERP unreachable');
    expect(await f.store.jobChunks.get(id)).toMatchObject({
      state: 'failed',
      error: 'ERP unreachable',
    });
  });
});

describeEachStore('jobs in scale-out mode', (f) => {
  it('a job is taken over from a worker that is gone, and never once it finished', async () => {
    await seedMapping(f.store);
    const job = await f.store.jobs.enqueue({
      mappingId: 'customers',
      type: 'incremental',
      trigger: 'scheduled',
    });
    expect(await f.store.jobs.takeOver(job.id, 'w1')).toMatchObject({
      status: 'running',
      claimedBy: 'w1',
      attempts: 1,
    });
    expect(await f.store.jobs.takeOver(job.id, 'w2')).toMatchObject({
      claimedBy: 'w2',
      attempts: 2,
    });
    // The old holder has lost its lease.
    expect(await f.store.jobs.heartbeat(job.id, 'w1')).toBe(false);
    await f.store.jobs.finish(job.id, 'succeeded', { worker: 'w2' });
    expect(await f.store.jobs.takeOver(job.id, 'w3')).toBeNull();
  });

  it('progress adds up from parallel chunks and a result is stored as JSON', async () => {
    await seedMapping(f.store);
    const job = await f.store.jobs.enqueue({
      mappingId: 'customers',
      type: 'initial',
      trigger: 'manual',
    });
    await Promise.all([f.store.jobs.addProgress(job.id, 30), f.store.jobs.addProgress(job.id, 12)]);
    await f.store.jobs.setResult(job.id, { outcomes: [{ couplingId: 'c1', status: 'succeeded' }] });
    expect(await f.store.jobs.require(job.id)).toMatchObject({
      progressDone: 42,
      result: { outcomes: [{ couplingId: 'c1', status: 'succeeded' }] },
    });
  });

  it('runs one exclusive section at a time across stores on one database', async () => {
    // SQLite runs one server per file: the section always runs.
    const other = f.client === 'pg' ? await f.openAnother() : f.store;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = f.store.runExclusive('scheduler-tick', async () => {
      await held;
      return 'first';
    });
    // Give the first section time to take its lock.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = await other.runExclusive('scheduler-tick', () => Promise.resolve('second'));
    release();
    expect(await first).toBe('first');
    expect(second).toBe(f.client === 'pg' ? null : 'second');
    expect(await other.runExclusive('scheduler-tick', () => Promise.resolve('again'))).toBe(
      'again',
    );
  });
});
