import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertCoupling, insertError, insertMapping } from '../testing/builders';
import { createTestApi, testDatabases, type TestApi } from '../testing/test-context';

const databases = await testDatabases();

describe.each(databases)('mappings and couplings routers on %s', (database) => {
  let api: TestApi;
  let mappingId: string;
  beforeEach(async () => {
    api = await createTestApi({ database });
    mappingId = await insertMapping(api, { name: 'customers' });
  });
  afterEach(() => api.close());

  it('shows mappings with their open error count', async () => {
    await insertError(api, { mappingId });
    await insertError(api, { mappingId, resolution: 'dismissed' });
    const [mapping] = await api.callerAs('viewer').mappings.list();
    expect(mapping).toMatchObject({
      id: mappingId,
      openErrors: 1,
      paused: false,
      scheduleMinutes: 30,
    });
    expect((await api.callerAs('viewer').mappings.get({ id: mappingId })).name).toBe('customers');
  });

  it("shows the engine's fields and match fields of a mapping the store has no field overrides for", async () => {
    const plain = await insertMapping(api, { name: 'items', fieldMappings: [] });
    api.engine.definitions = [
      {
        id: plain,
        fields: [{ field: 'number', erp: 'number', crm: 'productnumber' }],
        matchFields: ['number'],
      },
    ];
    expect(await api.callerAs('viewer').mappings.get({ id: plain })).toMatchObject({
      fieldMappings: [{ field: 'number', erp: 'number', crm: 'productnumber' }],
      matchFields: ['number'],
    });
  });

  it('lets an admin change policies, schedule and threshold, and pause and resume', async () => {
    const admin = api.callerAs('admin');
    const updated = await admin.mappings.update({
      id: mappingId,
      patch: {
        updateConflictPolicy: 'erpWins',
        scheduleMinutes: 5,
        errorThreshold: 10,
        mode: 'live',
      },
    });
    expect(updated).toMatchObject({
      updateConflictPolicy: 'erpWins',
      scheduleMinutes: 5,
      errorThreshold: 10,
      mode: 'live',
    });
    expect(await admin.mappings.pause({ id: mappingId, reason: 'maintenance' })).toMatchObject({
      paused: true,
      pausedReason: 'maintenance',
    });
    expect((await admin.mappings.resume({ id: mappingId })).paused).toBe(false);
  });

  it('refuses an unknown setting or value naming the field, and changes nothing', async () => {
    const admin = api.callerAs('admin');
    await expect(
      admin.mappings.update({ id: mappingId, patch: { scheduleMinutes: 0 } }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/scheduleMinutes/),
    });
    await expect(admin.mappings.update({ id: mappingId, patch: {} })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(
      admin.mappings.update({ id: 'nope', patch: { mode: 'live' } }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await admin.mappings.get({ id: mappingId })).scheduleMinutes).toBe(30);
  });

  it('lists and searches couplings, and pages with the cursor', async () => {
    for (let i = 0; i < 3; i++) {
      await insertCoupling(api, {
        id: `c${i}`,
        mappingId,
        recordName: `Name ${i}`,
        skipped: i === 1,
      });
    }
    const viewer = api.callerAs('viewer');
    const first = await viewer.couplings.list({ limit: 2 });
    const second = await viewer.couplings.list({ limit: 2, cursor: first.nextCursor });
    expect([...first.items, ...second.items].map((c) => c.couplingId)).toEqual(['c0', 'c1', 'c2']);
    expect((await viewer.couplings.list({ skipped: true })).items.map((c) => c.couplingId)).toEqual(
      ['c1'],
    );
    expect(
      (await viewer.couplings.list({ search: 'name 2' })).items.map((c) => c.couplingId),
    ).toEqual(['c2']);
  });

  it('lists the pairs a dry run would couple by matching values, with the job state', async () => {
    const job = await api.store.jobs.enqueue({
      mappingId,
      type: 'dry-run',
      trigger: 'manual',
      dryRun: true,
    });
    await api.store.history.insertMany([
      { mappingId, jobId: job.id, erpId: 'e1', crmId: 'a1', outcome: 'preview:couple' },
      { mappingId, jobId: job.id, erpId: 'e2', crmId: null, outcome: 'preview:create-crm' },
      { mappingId, jobId: job.id, erpId: 'e3', crmId: 'a3', outcome: 'preview:couple' },
    ]);
    const viewer = api.callerAs('viewer');
    const first = await viewer.couplings.matchPreview({ jobId: job.id, limit: 1 });
    expect(first.job).toMatchObject({ id: job.id, state: 'queued', dryRun: true });
    const second = await viewer.couplings.matchPreview({
      jobId: job.id,
      limit: 1,
      cursor: first.nextCursor,
    });
    expect(second.nextCursor).toBeNull();
    const pairs = [...first.items, ...second.items].map((p) => `${p.erpId}↔${p.crmId}`);
    expect(pairs.sort()).toEqual(['e1↔a1', 'e3↔a3']);
    const sync = await api.store.jobs.enqueue({
      mappingId,
      type: 'incremental',
      trigger: 'manual',
    });
    await expect(viewer.couplings.matchPreview({ jobId: sync.id })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringMatching(/dry run/),
    });
  });

  it('couples two records through the engine, and refuses a record that is already coupled', async () => {
    await insertCoupling(api, { mappingId, erpId: 'erp-taken', crmId: 'crm-x' });
    const operator = api.callerAs('operator');
    const result = await operator.couplings.couple({
      mappingId,
      erpId: 'erp-new',
      crmId: 'crm-new',
    });
    expect(result.succeeded).toBe(1);
    expect(api.engine.actions[0]?.action).toEqual({
      type: 'couple',
      mappingId,
      pairs: [{ erpId: 'erp-new', crmId: 'crm-new' }],
    });
    await expect(
      operator.couplings.couple({ mappingId, erpId: 'erp-taken', crmId: 'crm-y' }),
    ).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringMatching(/Already coupled/),
    });
    expect(api.engine.actions).toHaveLength(1);
  });
});
