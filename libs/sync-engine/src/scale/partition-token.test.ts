import type { Store } from '@twinsync/sync-store';
import { afterEach, describe, expect, it } from 'vitest';
import { createSyncEngine, type TwinSyncEngine } from '../engine/create-sync-engine';
import type { EngineHooks } from '../jobs/job-context';
import { createMemoryApp, type MemoryApp } from '../testing/memory-app';
import { dropPgSchemas, openPgStore, pgAvailable, randomSchema } from './pg-test-support';

/**
 * A partitioned first sync reads the ERP once: the chunks read every listed record by id, and the
 * job's own pass afterwards reads only what changed after the listing (from the change token taken
 * with it and stored beside the chunks) — also when another worker took the job over.
 */

const reachable = await pgAvailable();
const records = 300;

describe.skipIf(!reachable)('the ERP change token of a partitioned first sync', () => {
  const cleanups: (() => Promise<void>)[] = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function setUp() {
    const schema = randomSchema('scale_token');
    const erp = createMemoryApp('erp');
    const crm = createMemoryApp('crm', { key: 'accountid' });
    for (let n = 1; n <= records; n++) {
      erp.insert({ number: `T${n}`, displayName: `Token test ${n}`, email: `t${n}@x.example` });
    }
    const stores: Store[] = [];
    const engines: TwinSyncEngine[] = [];
    cleanups.push(async () => {
      await Promise.all(engines.map((e) => e.close()));
      for (const s of stores) await s.close();
      await dropPgSchemas(schema);
    });
    async function worker(name: string, hooks: EngineHooks = {}): Promise<TwinSyncEngine> {
      const store = await openPgStore(schema);
      stores.push(store);
      const engine = createSyncEngine({
        store,
        erp,
        crm,
        workerId: name,
        batchSize: 25,
        scheduleCheckMs: 60 * 60_000,
        scaleOut: {
          heartbeatSeconds: 10,
          superviseIntervalSeconds: 1,
          pollingIntervalSeconds: 0.5,
          partition: { chunkSize: 60, minRecords: 100, pollMs: 100 },
        },
        hooks,
      });
      engines.push(engine);
      await engine.start();
      return engine;
    }
    return { erp, crm, worker, stores };
  }

  /** The ERP record whose account the CRM holds first (its batch has committed). */
  function syncedErpId(erp: MemoryApp, crm: MemoryApp): string {
    const account = [...crm.records.values()][0];
    const found = [...erp.records.entries()].find(
      ([, r]) => r['number'] === account?.['accountnumber'],
    );
    if (!found) throw new Error('no synced record yet');
    return found[0];
  }

  it('the job pass reads only what changed after the listing, and an edit made while the chunks ran reaches the CRM', async () => {
    const { erp, crm, worker, stores } = setUp();
    let edited: string | null = null;
    const a = await worker('worker-a', {
      afterCommit: () => {
        // While the chunks run: a user edits a record whose batch is already committed.
        if (edited !== null) return;
        edited = syncedErpId(erp, crm);
        erp.edit(edited, { displayName: 'Edited while the chunks ran' });
      },
    });
    const result = await a.runSync({ mapping: 'customers' });
    expect(result.status).toBe('succeeded');
    const store = stores[0] as Store;
    expect(await store.jobChunks.statesByJob(result.jobId)).toHaveLength(5);
    expect(edited).not.toBeNull();
    // The chunks read every record by id; the change feed handed out the one edited record only
    // (without the listing's token it re-read all 300).
    expect(erp.changeReads).toBe(1);
    const numbers = [...crm.records.values()].map((r) => r['accountnumber']);
    expect(new Set(numbers).size).toBe(records);
    expect(numbers).toHaveLength(records);
    const number = erp.records.get(edited ?? '')?.['number'];
    const account = [...crm.records.values()].find((r) => r['accountnumber'] === number);
    expect(account?.['name']).toBe('Edited while the chunks ran');
    // The next run starts from the token the job stored: nothing to read, nothing to do.
    expect(await store.watermarks.get('customers', 'erp')).not.toBeNull();
    const again = await a.runSync({ mapping: 'customers' });
    expect(again.counters).toMatchObject({ inserted: 0, modified: 0, failed: 0 });
    expect(erp.changeReads).toBe(1);
  });

  it('a coordinator taken over by another worker starts its pass from the stored token', async () => {
    const { erp, crm, worker, stores } = setUp();
    const stopping: { done: Promise<void> | null } = { done: null };
    const a: TwinSyncEngine = await worker('worker-a', {
      afterCommit: () => {
        // Worker A stops (as on SIGTERM) after its first committed batch: its job and chunk go
        // back to pg-boss and worker B takes both over.
        stopping.done ??= a.close();
      },
    });
    const { jobId } = await a.enqueue({ mapping: 'customers' });
    // A is the coordinator: B starts once A holds the job.
    for (let i = 0; i < 100; i++) {
      if ((await stores[0]?.jobs.get(jobId))?.claimedBy === 'worker-a') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const b = await worker('worker-b');
    const result = await b.waitForJob(jobId);
    await stopping.done;
    expect(result.status).toBe('succeeded');
    const store = stores[1] as Store;
    expect(await store.jobs.require(jobId)).toMatchObject({ claimedBy: 'worker-b', attempts: 2 });
    const chunks = await store.jobChunks.statesByJob(jobId);
    expect(chunks.every((c) => c.state === 'done')).toBe(true);
    expect(erp.changeReads).toBe(0);
    const numbers = [...crm.records.values()].map((r) => r['accountnumber']);
    expect(numbers).toHaveLength(records);
    expect(new Set(numbers).size).toBe(records);
  });
});
