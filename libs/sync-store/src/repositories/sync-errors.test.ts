import { expect, it } from 'vitest';
import { describeEachStore } from '../testing/store-targets';
import { seedMapping } from '../testing/seed';
import type { RaiseError } from './sync-errors';

const failure = (erpId: string, extra: Partial<RaiseError> = {}): RaiseError => ({
  mappingId: 'customers',
  erpId,
  kind: 'validation',
  state: 'failed',
  direction: 'erp-to-crm',
  message: `name is required for ${erpId}`,
  recordNumber: erpId.toUpperCase(),
  recordName: `Customer ${erpId}`,
  ...extra,
});

describeEachStore('sync errors repository', (f) => {
  it('keeps one open error per record and counts every occurrence', async () => {
    await seedMapping(f.store);
    const job1 = await f.store.jobs.enqueue({
      mappingId: 'customers',
      type: 'sync',
      trigger: 'manual',
    });
    const job2 = await f.store.jobs.enqueue({
      mappingId: 'customers',
      type: 'sync',
      trigger: 'manual',
    });
    const [first] = await f.store.errors.raiseMany([failure('e1', { jobId: job1.id })]);
    f.clock.advance(60_000);
    const second = await f.store.errors.raise(
      failure('e1', {
        jobId: job2.id,
        kind: 'conflict',
        state: 'conflict',
        message: 'both changed',
        details: { fields: ['name'] },
      }),
    );
    expect(second.id).toBe(first?.id);
    expect(second).toMatchObject({
      kind: 'conflict',
      state: 'conflict',
      occurrences: 2,
      jobId: job2.id,
      firstSeenAt: '2026-01-01T00:00:00.000Z',
      lastSeenAt: '2026-01-01T00:01:00.000Z',
      details: { fields: ['name'] },
      recordName: 'Customer e1',
    });
    const occ = await f.store.errors.occurrences(second.id, { limit: 10 });
    expect(occ.items.map((o) => [o.jobId, o.message])).toEqual([
      [job2.id, 'both changed'],
      [job1.id, 'name is required for e1'],
    ]);
    expect(await f.store.errors.findOpen('customers', { erpId: 'e1' })).toMatchObject({
      id: second.id,
    });
  });

  it('merges repeated occurrences of a record inside one batch into one open error', async () => {
    await seedMapping(f.store);
    const stored = await f.store.errors.raiseMany([
      failure('e1'),
      failure('e2'),
      failure('e1', { message: 'again' }),
    ]);
    expect(stored).toHaveLength(2);
    const e1 = stored.find((e) => e.erpId === 'e1');
    expect(e1).toMatchObject({ occurrences: 2, message: 'again' });
    expect((await f.store.errors.occurrences(e1?.id ?? '', { limit: 10 })).items).toHaveLength(2);
  });

  it('opens a new error for a record after its previous error was resolved', async () => {
    await seedMapping(f.store);
    const old = await f.store.errors.raise(failure('e1'));
    expect(
      await f.store.errors.resolveByIds([old.id], { resolution: 'retried', resolvedBy: 'ada' }),
    ).toBe(1);
    expect(await f.store.errors.resolveByIds([old.id], { resolution: 'retried' })).toBe(0);
    const fresh = await f.store.errors.raise(failure('e1'));
    expect(fresh.id).not.toBe(old.id);
    expect(await f.store.errors.get(old.id)).toMatchObject({
      resolution: 'retried',
      resolvedBy: 'ada',
      resolvedAt: '2026-01-01T00:00:00.000Z',
    });
    expect((await f.store.errors.list({ limit: 10 })).items.map((e) => e.id)).toEqual([fresh.id]);
    expect(
      (await f.store.errors.list({ limit: 10, filter: { status: 'all' } })).items,
    ).toHaveLength(2);
  });

  it('filters by mapping, kind, state, direction, job, date range and free text', async () => {
    await seedMapping(f.store);
    await seedMapping(f.store, 'items');
    const job = await f.store.jobs.enqueue({
      mappingId: 'customers',
      type: 'sync',
      trigger: 'manual',
    });
    await f.store.errors.raiseMany([
      failure('e1', { jobId: job.id }),
      failure('e2', { kind: 'conflict', state: 'conflict', direction: 'crm-to-erp' }),
      failure('e3', { mappingId: 'items', recordName: 'Bicycle 50%' }),
    ]);
    f.clock.advance(3_600_000);
    await f.store.errors.raise(
      failure('e4', { kind: 'deleted', state: 'deleted-in-crm', message: 'gone in CRM' }),
    );
    const ids = async (filter: Parameters<typeof f.store.errors.list>[0]['filter']) =>
      (
        await f.store.errors.list({ limit: 50, filter, sort: 'recordName', order: 'asc' })
      ).items.map((e) => e.erpId);
    expect(await ids({ mappingId: 'items' })).toEqual(['e3']);
    expect(await ids({ kinds: ['conflict', 'deleted'] })).toEqual(['e2', 'e4']);
    expect(await ids({ states: ['deleted-in-crm'] })).toEqual(['e4']);
    expect(await ids({ direction: 'crm-to-erp' })).toEqual(['e2']);
    expect(await ids({ jobId: job.id })).toEqual(['e1']);
    expect(await ids({ from: '2026-01-01T00:30:00.000Z' })).toEqual(['e4']);
    expect(await ids({ to: '2026-01-01T00:30:00.000Z' })).toEqual(['e3', 'e1', 'e2']);
    expect(await ids({ search: 'GONE IN' })).toEqual(['e4']);
    expect(await ids({ search: '50%' })).toEqual(['e3']);
    expect(await ids({ search: 'E2' })).toEqual(['e2']);
    expect(await ids({ search: '%' })).toEqual(['e3']);
  });

  it('counts open errors per kind and per state under a filter', async () => {
    await seedMapping(f.store);
    await f.store.errors.raiseMany([
      failure('e1'),
      failure('e2'),
      failure('e3', { kind: 'conflict', state: 'conflict' }),
      failure('e4', { kind: 'conflict', state: 'skipped' }),
    ]);
    expect(await f.store.errors.counts()).toEqual({
      total: 4,
      byKind: { validation: 2, conflict: 2 },
      byState: { failed: 2, conflict: 1, skipped: 1 },
    });
    expect(await f.store.errors.counts({ kinds: ['conflict'] })).toMatchObject({ total: 2 });
  });

  it('walks every page of every sort order without duplicates or gaps', async () => {
    await seedMapping(f.store);
    const inputs: RaiseError[] = [];
    for (let i = 0; i < 230; i++) {
      inputs.push(
        failure(`e${i}`, {
          kind: ['validation', 'conflict', 'auth'][i % 3] ?? 'validation',
          recordName: `Name ${i % 17}`,
          at: new Date(Date.UTC(2026, 0, 1, 0, 0, i % 40)).toISOString(),
        }),
      );
    }
    await f.store.errors.raiseMany(inputs);
    await f.store.errors.raiseMany(inputs.filter((_, i) => i % 7 === 0));
    for (const sort of [
      'lastSeenAt',
      'firstSeenAt',
      'recordName',
      'kind',
      'occurrences',
    ] as const) {
      for (const order of ['asc', 'desc'] as const) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page = await f.store.errors.list({ limit: 25, cursor, sort, order });
          seen.push(...page.items.map((e) => e.id));
          cursor = page.nextCursor;
        } while (cursor);
        const all = await f.store.errors.list({ limit: 1000, sort, order });
        expect(seen, `${sort} ${order}`).toEqual(all.items.map((e) => e.id));
        expect(new Set(seen).size).toBe(230);
      }
    }
  });

  it('resolves many errors by ids, by coupling and by filter, in bulk', async () => {
    await seedMapping(f.store);
    const c = await f.store.couplings.create({ mappingId: 'customers', erpId: 'e0', crmId: 'c0' });
    await f.store.errors.raise(failure('e0', { couplingId: c.id }));
    const many = await f.store.errors.raiseMany(
      Array.from({ length: 1200 }, (_, i) =>
        failure(`x${i}`, { kind: i % 2 ? 'validation' : 'conflict' }),
      ),
    );
    expect(await f.store.errors.resolveByCouplingIds([c.id], { resolution: 'synced' })).toBe(1);
    // A search in the filter of an update (on SQLite through the search index's subquery).
    expect(
      await f.store.errors.resolveByFilter({ search: 'x1199' }, { resolution: 'dismissed' }),
    ).toBe(1);
    expect(
      await f.store.errors.resolveByFilter(
        { kinds: ['conflict'] },
        { resolution: 'dismissed', resolvedBy: 'ada' },
      ),
    ).toBe(600);
    const rest = many.filter((e) => e.kind === 'validation').map((e) => e.id);
    expect(await f.store.errors.resolveByIds(rest, { resolution: 'retried' })).toBe(599);
    expect((await f.store.errors.counts()).total).toBe(0);
  });

  it('lists the ids matching a filter page by page for bulk actions', async () => {
    await seedMapping(f.store);
    await f.store.errors.raiseMany(Array.from({ length: 45 }, (_, i) => failure(`e${i}`)));
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await f.store.errors.listIds({ kinds: ['validation'] }, { limit: 10, cursor });
      ids.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(ids).size).toBe(45);
  });

  it('lists error ids with their coupling ids matching a filter, page by page', async () => {
    await seedMapping(f.store);
    const c = await f.store.couplings.create({ mappingId: 'customers', erpId: 'e0', crmId: 'c0' });
    await f.store.errors.raise(failure('e0', { couplingId: c.id }));
    await f.store.errors.raiseMany(Array.from({ length: 24 }, (_, i) => failure(`e${i + 1}`)));
    await f.store.errors.raise(failure('other', { kind: 'auth' }));
    const targets: { id: string; mappingId: string; couplingId: string | null }[] = [];
    let cursor: string | null = null;
    do {
      const page = await f.store.errors.listTargets(
        { kinds: ['validation'] },
        { limit: 7, cursor },
      );
      targets.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(targets.map((t) => t.id)).size).toBe(25);
    expect(targets.filter((t) => t.couplingId === c.id)).toHaveLength(1);
    expect(new Set(targets.map((t) => t.mappingId))).toEqual(new Set(['customers']));
  });

  it('counts open errors per mapping and leaves resolved ones out', async () => {
    await seedMapping(f.store);
    await seedMapping(f.store, 'items');
    const [first] = await f.store.errors.raiseMany([failure('e1'), failure('e2')]);
    await f.store.errors.raise(failure('i1', { mappingId: 'items' }));
    expect(await f.store.errors.openCountsByMapping()).toEqual({ customers: 2, items: 1 });
    await f.store.errors.resolveByIds([first!.id], { resolution: 'dismissed' });
    expect(await f.store.errors.openCountsByMapping()).toEqual({ customers: 1, items: 1 });
  });

  it('keeps an error when its coupling is removed, without the coupling id', async () => {
    await seedMapping(f.store);
    const c = await f.store.couplings.create({ mappingId: 'customers', erpId: 'e1', crmId: 'c1' });
    const err = await f.store.errors.raise(failure('e1', { couplingId: c.id, crmId: 'c1' }));
    await f.store.couplings.removeMany([c.id]);
    expect(await f.store.errors.get(err.id)).toMatchObject({
      couplingId: null,
      erpId: 'e1',
      crmId: 'c1',
    });
  });
});
