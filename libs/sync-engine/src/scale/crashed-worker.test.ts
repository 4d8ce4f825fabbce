import type { Store } from '@twinsync/sync-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncEngine, type TwinSyncEngine } from '../engine/create-sync-engine';
import { startCrmHarness, type CrmHarness } from '../testing/crm-harness';
import { startErpHarness, type ErpHarness } from '../testing/erp-harness';
import { dropPgSchemas, openPgStore, pgAvailable, randomSchema } from './pg-test-support';
import { startWorkerProcess, type WorkerProcess } from './testing/worker-process';

/**
 * Scale-out crash safety: a worker process is killed (SIGKILL) in the middle of a partitioned
 * first sync between the real ERP and CRM mocks; another worker takes the job and the dead
 * worker's chunk over after the heartbeat timeout, resumes each chunk at its committed cursor,
 * and the apps converge: no duplicates in either app, every coupling consistent.
 */

const reachable = await pgAvailable();
const schema = randomSchema('scale_crash');
const records = 1200;
const chunkSize = 200;
const scaleOut = {
  heartbeatSeconds: 10,
  superviseIntervalSeconds: 1,
  pollingIntervalSeconds: 0.5,
  partition: { chunkSize, minRecords: chunkSize * 2, pollMs: 100 },
};

describe.skipIf(!reachable)('a scale-out worker killed mid-job', () => {
  let erp: ErpHarness;
  let crm: CrmHarness;
  let store: Store;
  let child: WorkerProcess | null = null;
  const engines: TwinSyncEngine[] = [];

  beforeAll(async () => {
    [erp, crm] = await Promise.all([startErpHarness(), startCrmHarness()]);
    store = await openPgStore(schema);
  });

  afterAll(async () => {
    await child?.kill();
    for (const e of engines) await e.close();
    await store?.close();
    await Promise.all([erp?.close(), crm?.close()]);
    if (reachable) await dropPgSchemas(schema);
  });

  it('another worker takes the job and the killed chunk over, and both apps converge without duplicates', async () => {
    await erp.mock.app.controls.seed(records, 11);
    const killed = startWorkerProcess({
      schema,
      worker: 'worker-killed',
      erpUrl: erp.mock.url,
      crmUrl: crm.mock.url,
      chunkSize,
    });
    child = killed;
    await killed.waitFor((l) => l['ready'] === true, 30_000);

    // The API role: enqueues, runs nothing.
    const api = createSyncEngine({ store, erp: erp.app, crm: crm.app, runJobs: false, scaleOut });
    engines.push(api);
    await api.start();
    const { jobId } = await api.enqueue({ mapping: 'customers' });

    // Killed after its 6th committed batch: inside its second chunk (4 batches per chunk).
    await killed.waitFor((l) => Number(l['committed'] ?? 0) >= 6, 40_000);
    await killed.kill();
    const midway = await store.jobs.require(jobId);
    expect(midway).toMatchObject({ status: 'running', claimedBy: 'worker-killed' });
    const cut = await store.jobChunks.statesByJob(jobId);
    expect(cut.filter((c) => c.state === 'done').length).toBeGreaterThanOrEqual(1);
    expect(cut.filter((c) => c.state === 'running' && c.cursor < c.total)).toHaveLength(1);

    const survivor = createSyncEngine({
      store,
      erp: erp.app,
      crm: crm.app,
      workerId: 'worker-survivor',
      batchSize: 50,
      scheduleCheckMs: 60 * 60_000,
      scaleOut,
    });
    engines.push(survivor);
    await survivor.start();
    const result = await api.waitForJob(jobId);
    expect(result.status).toBe('succeeded');
    const job = await store.jobs.require(jobId);
    expect(job).toMatchObject({ claimedBy: 'worker-survivor', attempts: 2 });
    const chunks = await store.jobChunks.statesByJob(jobId);
    expect(chunks.every((c) => c.state === 'done' && c.cursor === c.total)).toBe(true);
    // The killed chunk was resumed by the survivor (claimed twice).
    expect(chunks.some((c) => c.attempts === 2 && c.claimedBy === 'worker-survivor')).toBe(true);

    // Converged: one account per customer, no duplicate in either app, every coupling consistent.
    const [customers, accounts] = await Promise.all([erp.all('customers'), crm.all('accounts')]);
    expect(customers).toHaveLength(records);
    expect(accounts).toHaveLength(records);
    expect(new Set(accounts.map((a) => a['accountnumber'])).size).toBe(records);
    const couplings = (await store
      .knex('couplings')
      .select('erp_id', 'crm_id', 'state')
      .where('mapping_id', 'customers')) as { erp_id: string; crm_id: string; state: string }[];
    expect(couplings).toHaveLength(records);
    expect(couplings.filter((c) => c.state !== 'coupled')).toEqual([]);
    const accountById = new Map(accounts.map((a) => [a['accountid'], a]));
    const customerById = new Map(customers.map((c) => [c['id'], c]));
    const inconsistent = couplings.filter((c) => {
      const customer = customerById.get(c.erp_id);
      const account = accountById.get(c.crm_id);
      return (
        !customer ||
        !account ||
        customer['number'] !== account['accountnumber'] ||
        customer['displayName'] !== account['name']
      );
    });
    expect(inconsistent).toEqual([]);

    // Nothing left to do.
    const again = await api.runSync({ mapping: 'customers' });
    expect(again.status).toBe('succeeded');
    expect(again.counters).toMatchObject({ inserted: 0, modified: 0, conflicts: 0, failed: 0 });
  });
});
