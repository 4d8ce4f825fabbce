import type { Store } from '@twinsync/sync-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncEngine, type TwinSyncEngine } from '../engine/create-sync-engine';
import type { AppPort, WriteOp } from '../ports';
import { createMemoryApp, type MemoryApp } from '../testing/memory-app';
import { dropPgSchemas, openPgStore, pgAvailable, randomSchema } from './pg-test-support';

/**
 * Scale-out mode: two workers (two engines with their own store connections and pg-boss
 * instances, as two processes would have) on one PostgreSQL store. Every coupling a worker is
 * writing is recorded from the moment its batch's writes start until the batch committed; a
 * coupling held by both workers at once would be an overlap.
 */

const reachable = await pgAvailable();
const schema = randomSchema('scale_two');

interface Holding {
  worker: string;
  couplings: Set<string>;
}

describe.skipIf(!reachable)('two workers on one PostgreSQL store', () => {
  let stores: Store[] = [];
  let erp: MemoryApp;
  let crm: MemoryApp;
  const holdings: Holding[] = [];
  const overlaps: string[] = [];
  const touchedBy = new Map<string, Set<string>>();

  /** An app port that records which couplings this worker is writing (and slows writes a little). */
  function tracked(app: AppPort, holding: Holding, store: Store): AppPort {
    return Object.assign(Object.create(app) as AppPort, {
      async write(entity: string, ops: readonly WriteOp[]) {
        const couplings = await store.couplings.findManyByRecordIds(
          'customers',
          app.side,
          ops.map((op) => op.id),
        );
        for (const c of couplings) {
          for (const other of holdings) {
            if (other !== holding && other.couplings.has(c.id)) {
              overlaps.push(`${c.id}: ${holding.worker} and ${other.worker}`);
            }
          }
          holding.couplings.add(c.id);
          const seen = touchedBy.get(holding.worker) ?? new Set<string>();
          seen.add(c.id);
          touchedBy.set(holding.worker, seen);
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
        return app.write(entity, ops);
      },
    });
  }

  async function worker(name: string): Promise<TwinSyncEngine> {
    const store = await openPgStore(schema);
    stores.push(store);
    const holding: Holding = { worker: name, couplings: new Set() };
    holdings.push(holding);
    const engine = createSyncEngine({
      store,
      erp: tracked(erp, holding, store),
      crm: tracked(crm, holding, store),
      workerId: name,
      batchSize: 25,
      ...(process.env['DEBUG_SCALE']
        ? {
            logger: {
              info: (o: object, m?: string) => console.log(name, m, o),
              warn: (o: object, m?: string) => console.log(name, m, o),
              error: (o: object, m?: string) => console.log(name, m, o),
            },
          }
        : {}),
      scheduleCheckMs: 60 * 60_000,
      scaleOut: {
        heartbeatSeconds: 10,
        superviseIntervalSeconds: 1,
        pollingIntervalSeconds: 0.5,
        partition: { chunkSize: 60, minRecords: 100, pollMs: 100 },
      },
      hooks: {
        afterCommit: () => {
          holding.couplings.clear();
          onCommit?.();
        },
      },
    });
    await engine.start();
    return engine;
  }

  let a: TwinSyncEngine;
  let b: TwinSyncEngine;
  /** Runs after every committed batch of either worker (a test's trigger). */
  let onCommit: (() => void) | null = null;

  beforeAll(async () => {
    erp = createMemoryApp('erp');
    crm = createMemoryApp('crm', { key: 'accountid' });
    for (let n = 1; n <= 600; n++) {
      erp.insert({ number: `W${n}`, displayName: `Worker test ${n}`, email: `w${n}@x.example` });
    }
    a = await worker('worker-a');
    b = await worker('worker-b');
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    for (const s of stores) await s.close();
    stores = [];
    if (reachable) await dropPgSchemas(schema);
  });

  it('a first sync is split into chunks that both workers process, never the same coupling at once', async () => {
    const result = await a.runSync({ mapping: 'customers' });
    expect(result.status).toBe('succeeded');
    expect(result.counters.inserted).toBe(600);
    expect(result.processed).toBeGreaterThanOrEqual(600);
    expect(overlaps).toEqual([]);
    // Both workers did part of it.
    expect(touchedBy.get('worker-a')?.size ?? 0).toBeGreaterThan(0);
    expect(touchedBy.get('worker-b')?.size ?? 0).toBeGreaterThan(0);
    const chunks = await (stores[0] as Store).jobChunks.statesByJob(result.jobId);
    expect(chunks).toHaveLength(10);
    expect(chunks.every((c) => c.state === 'done' && c.cursor === c.total)).toBe(true);
    expect(new Set(chunks.map((c) => c.claimedBy))).toEqual(new Set(['worker-a', 'worker-b']));
    // No duplicates: one account per customer number, one coupling per customer.
    const numbers = [...crm.records.values()].map((r) => r['accountnumber']);
    expect(numbers).toHaveLength(600);
    expect(new Set(numbers).size).toBe(600);
    expect(await (stores[0] as Store).couplings.countByMapping()).toMatchObject({ customers: 600 });
  });

  it('runs asked for on both workers at once run one after the other, never side by side', async () => {
    const ids = [...erp.records.keys()];
    for (const id of ids.slice(0, 120)) erp.edit(id, { displayName: `Edited ${id}` });
    const started = await Promise.all([
      a.enqueue({ mapping: 'customers' }),
      b.enqueue({ mapping: 'customers' }),
      a.enqueue({ mapping: 'customers' }),
    ]);
    const results = await Promise.all(started.map((s) => b.waitForJob(s.jobId)));
    expect(results.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(results.reduce((sum, r) => sum + r.counters.modified, 0)).toBe(120);
    // One job of the mapping at a time: their running periods do not intersect.
    const spans = results
      .map((r) => [Date.parse(r.startedAt ?? ''), Date.parse(r.finishedAt ?? '')] as const)
      .sort((x, y) => x[0] - y[0]);
    for (let i = 1; i < spans.length; i++) {
      expect(spans[i]?.[0]).toBeGreaterThanOrEqual(spans[i - 1]?.[1] ?? Infinity);
    }
    expect(overlaps).toEqual([]);
    const edited = [...crm.records.values()].filter((r) => String(r['name']).startsWith('Edited '));
    expect(edited).toHaveLength(120);
  });
  it('idle() right after a run was asked for waits until a worker has run it', async () => {
    const [id] = [...erp.records.keys()];
    erp.edit(id!, { displayName: `Idle check ${id}` });
    const { jobId } = await a.enqueue({ mapping: 'customers' });
    // pg-boss has the job but no worker may have fetched it yet: idle must not resolve before.
    await a.idle();
    const job = await stores[0]!.jobs.get(jobId);
    expect(job?.status).toBe('succeeded');
    expect(crm.records.size).toBeGreaterThan(0);
    expect([...crm.records.values()].some((r) => r['name'] === `Idle check ${id}`)).toBe(true);
  });

  it('a cancelled partitioned run stops on both workers, ends when its chunks have stopped, and the next run completes it', async () => {
    for (let n = 601; n <= 900; n++) {
      erp.insert({ number: `W${n}`, displayName: `Worker test ${n}`, email: `w${n}@x.example` });
    }
    const { jobId } = await a.enqueue({ mapping: 'customers', full: true });
    let asked = 0;
    onCommit = () => {
      if (asked++ === 2) void b.cancel(jobId);
    };
    const cancelled = await a.waitForJob(jobId);
    onCommit = null;
    expect([cancelled.status, cancelled.error]).toEqual(['cancelled', null]);
    const chunks = await (stores[0] as Store).jobChunks.statesByJob(jobId);
    expect(chunks).toHaveLength(15);
    // Nothing of the job still runs: every chunk finished or stopped.
    expect(chunks.filter((c) => c.state === 'pending' || c.state === 'running')).toEqual([]);
    expect(chunks.some((c) => c.error === 'The job was cancelled.')).toBe(true);
    const rest = await b.runSync({ mapping: 'customers' });
    expect(rest.status).toBe('succeeded');
    expect(overlaps).toEqual([]);
    const numbers = [...crm.records.values()].map((r) => r['accountnumber']);
    expect(numbers).toHaveLength(900);
    expect(new Set(numbers).size).toBe(900);
  });
});
