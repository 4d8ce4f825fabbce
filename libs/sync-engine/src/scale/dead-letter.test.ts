import type { Store } from '@twinsync/sync-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncEngine, type TwinSyncEngine } from '../engine/create-sync-engine';
import { startCrmHarness, type CrmHarness } from '../testing/crm-harness';
import { startErpHarness, type ErpHarness } from '../testing/erp-harness';
import { dropPgSchemas, openPgStore, pgAvailable, randomSchema } from './pg-test-support';
import { startWorkerProcess, type WorkerProcess } from './testing/worker-process';

/**
 * Scale-out dead letter: a job whose worker keeps dying is handed out again `retryLimit` times,
 * and once its last worker died too it ends failed (pg-boss's dead-letter queue) instead of
 * going round for ever. Each worker is a process that stops itself (SIGSTOP) after its first
 * committed batch and is then killed, so it dies mid-job, never after it.
 */

const reachable = await pgAvailable();
const schema = randomSchema('scale_dead');
const retryLimit = 1;
const scaleOut = {
  heartbeatSeconds: 10,
  superviseIntervalSeconds: 1,
  pollingIntervalSeconds: 0.5,
  retryLimit,
  // One piece: the job itself is what dies, not a chunk of it.
  partition: { chunkSize: 100_000, minRecords: 200_000, pollMs: 100 },
};

describe.skipIf(!reachable)('a scale-out job whose workers keep dying', () => {
  let erp: ErpHarness;
  let crm: CrmHarness;
  let store: Store;
  const children: WorkerProcess[] = [];
  const engines: TwinSyncEngine[] = [];

  beforeAll(async () => {
    [erp, crm] = await Promise.all([startErpHarness(), startCrmHarness()]);
    store = await openPgStore(schema);
  });

  afterAll(async () => {
    for (const c of children) await c.kill();
    for (const e of engines) await e.close();
    await store?.close();
    await Promise.all([erp?.close(), crm?.close()]);
    if (reachable) await dropPgSchemas(schema);
  });

  function dyingWorker(name: string): WorkerProcess {
    const child = startWorkerProcess({
      schema,
      worker: name,
      erpUrl: erp.mock.url,
      crmUrl: crm.mock.url,
      chunkSize: scaleOut.partition.chunkSize,
      env: { SCALE_RETRY_LIMIT: String(retryLimit), SCALE_FREEZE_AFTER: '1' },
    });
    children.push(child);
    return child;
  }

  it(`ends failed after ${retryLimit + 1} dead workers, not run again`, async () => {
    await erp.mock.app.controls.seed(300, 5);
    const first = dyingWorker('worker-dies-1');
    await first.waitFor((l) => l['ready'] === true, 30_000);
    // The API role: enqueues, runs nothing.
    const api = createSyncEngine({ store, erp: erp.app, crm: crm.app, runJobs: false, scaleOut });
    engines.push(api);
    await api.start();
    const { jobId } = await api.enqueue({ mapping: 'customers' });

    await first.waitFor((l) => l['frozen'] === 1, 30_000);
    // The next worker is up (idle) while the first one is killed mid-job.
    const second = dyingWorker('worker-dies-2');
    await second.waitFor((l) => l['ready'] === true, 30_000);
    await first.kill();
    expect(await store.jobs.require(jobId)).toMatchObject({
      status: 'running',
      claimedBy: 'worker-dies-1',
    });

    // After the heartbeat window pg-boss hands the job to the second worker, which dies as well.
    await second.waitFor((l) => l['frozen'] === 1, 40_000);
    expect(await store.jobs.require(jobId)).toMatchObject({
      claimedBy: 'worker-dies-2',
      attempts: 2,
    });
    // A healthy worker: it would take the job if pg-boss handed it out a third time.
    const healthy = createSyncEngine({
      store,
      erp: erp.app,
      crm: crm.app,
      workerId: 'worker-healthy',
      scheduleCheckMs: 60 * 60_000,
      scaleOut,
    });
    engines.push(healthy);
    await healthy.start();
    await second.kill();

    const result = await api.waitForJob(jobId);
    expect(result.status).toBe('failed');
    expect(result.error).toBe(`Its worker stopped ${retryLimit + 1} times; the job was given up.`);
    expect(await store.jobs.require(jobId)).toMatchObject({
      status: 'failed',
      claimedBy: 'worker-dies-2',
      attempts: 2,
    });
  });
});
