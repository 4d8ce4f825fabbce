import { createSyncEngine, type TwinSyncEngine } from '@twinsync/sync-engine';
import { createMemoryApp, type MemoryApp } from '@twinsync/sync-engine/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../ports';
import { createTestApi, type TestApi } from '../testing/test-context';
import { syncEngineOf } from './engine-port';

describe('the SyncEngine port on the real engine', () => {
  let api: TestApi;
  let erp: MemoryApp;
  let crm: MemoryApp;
  let engine: TwinSyncEngine;

  beforeEach(async () => {
    api = await createTestApi();
    api.now.value = new Date();
    erp = createMemoryApp('erp');
    crm = createMemoryApp('crm', { key: 'accountid' });
    erp.insert({ number: 'C00010', displayName: 'Adatum Corporation' });
    engine = createSyncEngine({ store: api.store, erp, crm, scheduleIntervalMs: 3_600_000 });
    await engine.start();
    api.deps.engine = syncEngineOf(engine);
  });
  afterEach(async () => {
    await engine.close();
    await api.close();
  });

  it('starts a sync through jobs.start, streams its progress, and the job lands in the jobs list', async () => {
    const events: EngineEvent[] = [];
    const unsubscribe = api.deps.engine.subscribe((event) => events.push(event));
    const { jobId } = await api.callerAs('operator').jobs.start({ mappingId: 'customers' });
    await engine.waitForJob(jobId);
    unsubscribe();
    expect(events.filter((e) => e.type === 'jobProgress').map((e) => e.state)).toEqual(
      expect.arrayContaining(['queued', 'running', 'succeeded']),
    );
    const { job } = await api.callerAs('viewer').jobs.get({ id: jobId, limit: 10 });
    expect(job).toMatchObject({ state: 'succeeded', type: 'sync', requestedBy: 'operator' });
    expect(job.counters['inserted']).toBe(1);
    expect(crm.records.size).toBe(1);
  });

  it("shows the engine's mappings with their fields, and diagnostics find them valid", async () => {
    const customers = await api.callerAs('viewer').mappings.get({ id: 'customers' });
    expect(customers.fieldMappings).toEqual(
      expect.arrayContaining([{ field: 'name', erp: 'displayName', crm: 'name' }]),
    );
    expect(customers.matchFields.length).toBeGreaterThan(0);
    const report = await api.callerAs('viewer').diagnostics.run();
    const mappingChecks = report.findings.filter((f) =>
      /^mapping\.(invalid|unknown)/.test(f.check),
    );
    expect(mappingChecks).toEqual([]);
  });

  it('refuses a sync of an unknown mapping as NOT_FOUND', async () => {
    await expect(
      api.callerAs('operator').jobs.start({ mappingId: 'no-such-mapping' }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/no-such-mapping/),
    });
  });

  it('reports both apps, the scheduler and a finished job that can no longer be cancelled', async () => {
    const probes = await api.deps.engine.probeApps();
    expect(probes.map((p) => [p.app, p.stage])).toEqual([
      ['erp', 'ok'],
      ['crm', 'ok'],
    ]);
    expect(api.deps.engine.schedulerStatus().running).toBe(true);
    const { jobId } = await api.deps.engine.startSyncJob({
      mappingId: 'customers',
      direction: 'erpToCrm',
      dryRun: false,
      requestedBy: 'ada',
    });
    await engine.waitForJob(jobId);
    expect(await api.callerAs('operator').jobs.cancel({ id: jobId })).toEqual({ cancelled: false });
  });

  it('removes a coupling through actions.removeCoupling with a per-record outcome', async () => {
    const { jobId } = await engine.enqueue({ mapping: 'customers' });
    await engine.waitForJob(jobId);
    const [coupling] = (await api.store.couplings.list({ limit: 10 })).items;
    if (!coupling) throw new Error('the sync coupled nothing');
    const result = await api
      .callerAs('operator')
      .actions.removeCoupling({ target: { by: 'couplings', couplingIds: [coupling.id] } });
    expect(result).toMatchObject({ total: 1, succeeded: 1, jobId: expect.any(String) });
    expect(await api.store.couplings.get(coupling.id)).toBeNull();
  });
});
