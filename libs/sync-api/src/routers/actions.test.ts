import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../queries/audit';
import { insertCoupling, insertError, insertMapping } from '../testing/builders';
import { createTestApi, type TestApi } from '../testing/test-context';

describe('actions router', () => {
  let api: TestApi;
  let mappingId: string;
  beforeEach(async () => {
    api = await createTestApi();
    mappingId = await insertMapping(api.store);
  });
  afterEach(() => api.close());

  async function skippedError(id: string) {
    const couplingId = await insertCoupling(api.store, { id: `c-${id}`, mappingId, skipped: true });
    await insertError(api.store, { id, mappingId, couplingId, state: 'skipped' });
    return couplingId;
  }

  const skippedFlags = async () =>
    (await api.store.knex('couplings').select('id', 'skipped').orderBy('id')).map(
      (r: { skipped: number }) => r.skipped,
    );

  it('retry clears Skipped on the selected records only and writes one audit entry', async () => {
    await skippedError('e1');
    await skippedError('e2');
    const result = await api
      .callerAs('operator')
      .actions.retry({ target: { by: 'errors', errorIds: ['e1', 'missing'] } });
    expect(result).toMatchObject({ jobId: null, total: 2, succeeded: 1, skipped: 1, failed: 0 });
    expect(result.outcomes[0]).toMatchObject({ errorId: 'missing', status: 'skipped' });
    expect(await skippedFlags()).toEqual([0, 1]);
    const audit = await listAudit(api.store, { limit: 10 });
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({
      actor: 'operator',
      action: 'actions.retry',
      recordCount: 2,
      outcome: 'partial',
    });
  });

  it('dismiss applies to every error matching the filter', async () => {
    await skippedError('e1');
    await insertError(api.store, { id: 'e2', mappingId, kind: 'invalid' });
    const result = await api
      .callerAs('operator')
      .actions.dismiss({ target: { by: 'filter', filter: { kinds: ['conflict'] } } });
    expect(result.total).toBe(1);
    const states = await api.store.knex('sync_errors').select('id', 'state').orderBy('id');
    expect(states).toEqual([
      { id: 'e1', state: 'dismissed' },
      { id: 'e2', state: 'failed' },
    ]);
  });

  it('remove coupling goes through the engine and reports per-record failures first', async () => {
    await skippedError('e1');
    await skippedError('e2');
    api.engine.failingCouplings.set('c-e2', 'CRM refused the change');
    const result = await api
      .callerAs('operator')
      .actions.removeCoupling({ target: { by: 'couplings', couplingIds: ['c-e1', 'c-e2'] } });
    expect(result).toMatchObject({ total: 2, succeeded: 1, failed: 1, jobId: expect.any(String) });
    expect(result.outcomes[0]).toEqual({
      couplingId: 'c-e2',
      errorId: null,
      status: 'failed',
      message: 'CRM refused the change',
    });
    expect(api.engine.actions[0]).toMatchObject({
      action: { type: 'removeCoupling' },
      requestedBy: 'operator',
    });
  });

  it('synchronize hands the per-field choice to the engine', async () => {
    await skippedError('e1');
    await api.callerAs('operator').actions.synchronize({
      target: { by: 'errors', errorIds: ['e1'] },
      choice: { fields: { name: 'crm', city: 'erp' } },
    });
    expect(api.engine.actions[0]?.action).toEqual({
      type: 'synchronize',
      choice: { fields: { name: 'crm', city: 'erp' } },
    });
    expect(api.engine.actions[0]?.targets).toEqual([{ couplingId: 'c-e1', errorId: 'e1' }]);
  });

  it('restore and delete go to the engine; an error without coupling is skipped, not sent', async () => {
    await insertError(api.store, {
      id: 'orphan',
      mappingId,
      couplingId: null,
      kind: 'deletedInCrm',
    });
    const restored = await api
      .callerAs('operator')
      .actions.restore({ target: { by: 'errors', errorIds: ['orphan'] } });
    expect(restored).toMatchObject({ total: 1, skipped: 1 });
    expect(api.engine.actions).toHaveLength(0);
    await skippedError('e1');
    await api.callerAs('operator').actions.delete({ target: { by: 'errors', errorIds: ['e1'] } });
    expect(api.engine.actions[0]?.action).toEqual({ type: 'delete' });
  });

  it('previews a synchronize choice without writing anything', async () => {
    const preview = await api
      .callerAs('viewer')
      .actions.previewSynchronize({ couplingId: 'c1', choice: { winner: 'crm' } });
    expect(preview.fields[0]).toMatchObject({ result: 'CRM name', erpChanges: true });
    expect(api.engine.actions).toHaveLength(0);
  });

  it('a refused request changes nothing and names the bad field', async () => {
    await skippedError('e1');
    await expect(
      api.callerAs('operator').actions.synchronize({
        target: { by: 'errors', errorIds: ['e1'] },
        choice: { winner: 'both' as 'erp' },
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      api.callerAs('viewer').actions.retry({ target: { by: 'errors', errorIds: ['e1'] } }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await skippedFlags()).toEqual([1]);
    expect((await listAudit(api.store, { limit: 10 })).items).toHaveLength(0);
  });

  it('retries 10k errors selected by filter in one action with one audit entry', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({
      id: `c${i}`,
      mapping_id: mappingId,
      skipped: true,
    }));
    const errors = rows.map((c, i) => ({
      id: `e${i}`,
      mapping_id: mappingId,
      coupling_id: c.id,
      kind: 'conflict',
      state: 'skipped',
      message: 'x',
      first_seen_at: '2025-01-01T00:00:00Z',
      last_seen_at: '2025-01-01T00:00:00Z',
    }));
    for (let i = 0; i < rows.length; i += 100) {
      await api.store.knex('couplings').insert(rows.slice(i, i + 100));
      await api.store.knex('sync_errors').insert(errors.slice(i, i + 100));
    }
    const started = performance.now();
    const result = await api
      .callerAs('operator')
      .actions.retry({ target: { by: 'filter', filter: { states: ['skipped'] } } });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result).toMatchObject({ total: 10_000, succeeded: 10_000, outcomesTruncated: true });
    expect(result.outcomes).toHaveLength(50);
    const stillSkipped = await api.store
      .knex('couplings')
      .where('skipped', true)
      .count({ n: '*' })
      .first();
    expect(Number(stillSkipped?.n)).toBe(0);
    expect((await listAudit(api.store, { limit: 10 })).items).toHaveLength(1);
  });
});
