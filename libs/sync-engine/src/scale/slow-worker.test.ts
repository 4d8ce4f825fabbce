import type { Store } from '@twinsync/sync-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncEngine, type TwinSyncEngine } from '../engine/create-sync-engine';
import { startCrmHarness, type CrmHarness } from '../testing/crm-harness';
import { startErpHarness, type ErpHarness } from '../testing/erp-harness';
import { dropPgSchemas, openPgStore, pgAvailable, randomSchema } from './pg-test-support';
import { startWorkerProcess, type WorkerProcess } from './testing/worker-process';

/**
 * A slow worker loses its job: worker A (a process) runs a first sync and stops inside a hook
 * after its second committed batch (SIGSTOP: no heartbeats) for longer than the heartbeat window,
 * so pg-boss hands the job (and A's chunk) to worker B. When A wakes up it stops at its next
 * checkpoint (LeaseLostError) and writes nothing more; B finishes the job.
 */

const reachable = await pgAvailable();
const records = 1000;

const cases = [
  // A coordinates and processes a chunk (one batch after another): it stops at the chunk's
  // cursor, which B holds now.
  { name: 'partitioned first sync', chunkSize: 200, knownGap: false },
  // The job's own pass overlaps batches (jobs/pipeline.ts): the batches A had in flight when it
  // froze must not write or commit after it woke — every batch's store transaction and its writes
  // first check A still holds the job (JobControl.fence).
  { name: 'job in one piece', chunkSize: 100_000, knownGap: false },
];

async function until(what: string, test: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

for (const { name, chunkSize, knownGap } of cases) {
  const partitioned = chunkSize < records;
  const schema = randomSchema('scale_slow');
  const scaleOut = {
    heartbeatSeconds: 10,
    superviseIntervalSeconds: 1,
    pollingIntervalSeconds: 0.5,
    partition: { chunkSize, minRecords: chunkSize * 2, pollMs: 100 },
  };

  describe.skipIf(!reachable || knownGap)(
    `a slow scale-out worker that lost its job (${name})`,
    () => {
      let erp: ErpHarness;
      let crm: CrmHarness;
      let store: Store;
      let slow: WorkerProcess | null = null;
      const engines: TwinSyncEngine[] = [];

      beforeAll(async () => {
        [erp, crm] = await Promise.all([startErpHarness(), startCrmHarness()]);
        store = await openPgStore(schema);
      });

      afterAll(async () => {
        // SIGKILL ends it whether it is stopped or running.
        await slow?.kill();
        for (const e of engines) await e.close();
        await store?.close();
        await Promise.all([erp?.close(), crm?.close()]);
        if (reachable) await dropPgSchemas(schema);
      });

      it('stops at its next checkpoint when it wakes up and writes nothing more; the other worker finishes the job', async () => {
        await erp.mock.app.controls.seed(records, 3);
        const a = startWorkerProcess({
          schema,
          worker: 'worker-slow',
          erpUrl: erp.mock.url,
          crmUrl: crm.mock.url,
          chunkSize,
          // Frozen, A may hold a transaction open (its pipelined batches), so the job's row stays
          // locked until PostgreSQL ends A's session; the take-over waits for that.
          env: { SCALE_FREEZE_AFTER: '2', SCALE_IDLE_TX_MS: '5000' },
        });
        slow = a;
        await a.waitFor((l) => l['ready'] === true, 30_000);
        const api = createSyncEngine({
          store,
          erp: erp.app,
          crm: crm.app,
          runJobs: false,
          scaleOut,
        });
        engines.push(api);
        await api.start();
        const { jobId } = await api.enqueue({ mapping: 'customers' });

        // A coordinates and works on a chunk; it freezes inside its second batch's afterCommit hook.
        await a.waitFor((l) => l['frozen'] === 2, 30_000);
        const linesAtFreeze = a.lines.length;
        expect(await store.jobs.require(jobId)).toMatchObject({ claimedBy: 'worker-slow' });
        const held = (await store.jobChunks.statesByJob(jobId)).find(
          (c) => c.claimedBy === 'worker-slow' && c.state === 'running',
        );
        if (partitioned) expect(held?.cursor).toBe(50);

        const b = createSyncEngine({
          store,
          erp: erp.app,
          crm: crm.app,
          workerId: 'worker-b',
          batchSize: 50,
          scheduleCheckMs: 60 * 60_000,
          scaleOut,
        });
        engines.push(b);
        await b.start();
        // After the heartbeat window pg-boss hands both the job and A's chunk to B.
        await until(
          'B holds the job and the chunk',
          async () =>
            (await store.jobs.require(jobId)).claimedBy === 'worker-b' &&
            (!held || (await store.jobChunks.get(held.id))?.claimedBy === 'worker-b'),
          40_000,
        );

        a.child.kill('SIGCONT');
        await a.waitForLog('another worker took the job over; stopped here', 20_000);
        const result = await api.waitForJob(jobId);
        expect(result.status).toBe('succeeded');
        expect(await store.jobs.require(jobId)).toMatchObject({
          status: 'succeeded',
          claimedBy: 'worker-b',
          attempts: 2,
        });
        const chunks = await store.jobChunks.statesByJob(jobId);
        expect(chunks).toHaveLength(partitioned ? records / chunkSize : 0);
        expect(chunks.every((c) => c.state === 'done' && c.cursor === c.total)).toBe(true);
        if (partitioned) {
          expect(chunks.find((c) => c.id === held?.id)).toMatchObject({
            claimedBy: 'worker-b',
            attempts: 2,
          });
        }

        // A wrote nothing after it woke: no batch of it started writing or committed.
        await new Promise((resolve) => setTimeout(resolve, 1000));
        expect(a.lines.slice(linesAtFreeze)).toEqual([]);
        expect(a.child.exitCode).toBeNull();

        // No coupling written twice: one account per customer, each inserted once in the history.
        const accounts = await crm.all('accounts');
        expect(accounts).toHaveLength(records);
        expect(new Set(accounts.map((r) => r['accountnumber'])).size).toBe(records);
        const couplings = (await store
          .knex('couplings')
          .select('state')
          .where('mapping_id', 'customers')) as { state: string }[];
        expect(couplings).toHaveLength(records);
        expect(couplings.filter((c) => c.state !== 'coupled')).toEqual([]);
        // Creates A sent before it froze (its batches in flight) and never committed are found by
        // B through their remembered planned ids and coupled; every other record is inserted once.
        const events = (await store
          .knex('history_events')
          .select('coupling_id', 'outcome')
          .where({ job_id: jobId })
          .whereIn('outcome', ['inserted', 'coupled'])) as {
          coupling_id: string;
          outcome: string;
        }[];
        expect(events).toHaveLength(records);
        expect(new Set(events.map((e) => e.coupling_id)).size).toBe(records);
      });
    },
  );
}
