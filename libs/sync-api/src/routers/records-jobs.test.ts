import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../queries/audit';
import {
  insertCoupling,
  insertError,
  insertHistory,
  insertJob,
  insertMapping,
} from '../testing/builders';
import { createTestApi, testDatabases, type TestApi } from '../testing/test-context';

const databases = await testDatabases();

describe.each(databases)('records and jobs routers on %s', (database) => {
  let api: TestApi;
  let mappingId: string;
  let couplingId: string;
  beforeEach(async () => {
    api = await createTestApi({ database });
    mappingId = await insertMapping(api);
    couplingId = await insertCoupling(api, {
      mappingId,
      erpId: 'erp-1',
      crmId: 'crm-1',
      recordNumber: 'C10000',
      recordName: 'Adatum Corporation',
    });
  });
  afterEach(() => api.close());

  it('shows the sync log of a record newest first with before/after per changed field, found by any key', async () => {
    const jobId = await insertJob(api, { mappingId });
    for (let i = 0; i < 5; i++) {
      await insertHistory(api, {
        id: `h${i}`,
        mappingId,
        couplingId,
        jobId,
        at: `2025-03-0${i + 1}T00:00:00.000Z`,
        before: { name: `v${i}`, city: 'Oslo' },
        after: { name: `v${i + 1}`, city: 'Oslo' },
      });
    }
    const viewer = api.callerAs('viewer');
    const first = await viewer.records.log({ record: { recordNumber: 'C10000' }, limit: 3 });
    expect(first.record?.couplingId).toBe(couplingId);
    expect(first.items.map((e) => e.id)).toEqual(['h4', 'h3', 'h2']);
    expect(first.items[0]?.changes).toEqual([{ field: 'name', before: 'v4', after: 'v5' }]);
    const second = await viewer.records.log({
      record: { crmId: 'crm-1' },
      limit: 3,
      cursor: first.nextCursor,
    });
    expect(second.items.map((e) => e.id)).toEqual(['h1', 'h0']);
    expect(second.nextCursor).toBeNull();
    expect((await viewer.records.log({ record: { erpId: 'nope' } })).record).toBeNull();
  });

  it('searches records by number or name', async () => {
    const viewer = api.callerAs('viewer');
    expect((await viewer.records.search({ text: 'adatum' })).map((r) => r.recordNumber)).toEqual([
      'C10000',
    ]);
    expect(await viewer.records.search({ text: 'zzz' })).toEqual([]);
    await expect(viewer.records.search({ text: '  ' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('lists jobs newest first with counters and duration, and shows one job with its errors and records', async () => {
    const older = await insertJob(api, {
      mappingId,
      createdAt: '2025-03-01T00:00:00.000Z',
      counters: { modified: 3 },
    });
    const newer = await insertJob(api, {
      mappingId,
      createdAt: '2025-03-02T00:00:00.000Z',
      state: 'failed',
    });
    await insertError(api, { mappingId, couplingId, jobId: newer });
    await insertHistory(api, {
      mappingId,
      couplingId,
      jobId: newer,
      at: '2025-03-02T00:00:01.000Z',
    });
    const viewer = api.callerAs('viewer');
    const list = await viewer.jobs.list({ limit: 10 });
    expect(list.items.map((j) => j.id)).toEqual([newer, older]);
    expect(list.items[1]).toMatchObject({ counters: { modified: 3 }, durationMs: 2500 });
    const one = await viewer.jobs.get({ id: newer });
    expect(one.job.state).toBe('failed');
    expect(one.errors.items).toHaveLength(1);
    expect(one.records.items).toHaveLength(1);
    expect((await viewer.jobs.records({ id: older })).items).toEqual([]);
    await expect(viewer.jobs.get({ id: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('starts a dry run and cancels a job through the engine, each with an audit entry', async () => {
    const operator = api.callerAs('operator');
    const started = await operator.jobs.start({ mappingId, direction: 'erpToCrm', dryRun: true });
    expect(api.engine.started).toEqual([
      { mappingId, direction: 'erpToCrm', dryRun: true, requestedBy: 'operator' },
    ]);
    const jobId = await insertJob(api, { id: started.jobId, state: 'running' });
    expect(await operator.jobs.cancel({ id: jobId })).toEqual({ cancelled: true });
    expect(api.engine.cancelled).toEqual([jobId]);
    const audit = await listAudit(api.store, { limit: 10 });
    expect(audit.items.map((a) => a.action).sort()).toEqual(['jobs.cancel', 'jobs.dryRun']);
    await expect(
      operator.jobs.start({ mappingId, direction: 'sideways' as 'both' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('records a failed action in the audit log too', async () => {
    await expect(api.callerAs('operator').jobs.cancel({ id: 'missing' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const audit = await listAudit(api.store, { limit: 10 });
    expect(audit.items[0]).toMatchObject({ action: 'jobs.cancel', outcome: 'failed' });
    const viaRouter = await api.callerAs('viewer').audit.list({ action: 'jobs.cancel' });
    expect(viaRouter.items).toHaveLength(1);
  });
});
