import { expect, it } from 'vitest';
import { describeEachStore } from '../testing/store-targets';
import { seedMapping } from '../testing/seed';

describeEachStore('history repository', (f) => {
  it('keeps every sync event of a record and lists them newest first with before and after values', async () => {
    await seedMapping(f.store);
    const c = await f.store.couplings.create({ mappingId: 'customers', erpId: 'e1', crmId: 'c1' });
    for (let run = 0; run < 3; run++) {
      f.clock.advance(60_000);
      await f.store.history.insertMany([
        {
          mappingId: 'customers',
          couplingId: c.id,
          erpId: 'e1',
          crmId: 'c1',
          direction: 'erp-to-crm',
          outcome: 'modified',
          before: { name: `v${run}` },
          after: { name: `v${run + 1}` },
          changedFields: ['name'],
        },
      ]);
    }
    const page = await f.store.history.listForRecord({ couplingId: c.id }, { limit: 10 });
    expect(page.items.map((e) => e.after)).toEqual([
      { name: 'v3' },
      { name: 'v2' },
      { name: 'v1' },
    ]);
    expect(page.items[0]).toMatchObject({
      before: { name: 'v2' },
      changedFields: ['name'],
      at: '2026-01-01T00:03:00.000Z',
    });
    expect(page.nextCursor).toBeNull();
  });

  it('finds the log of a record by its ERP or CRM id after the coupling is gone', async () => {
    await seedMapping(f.store);
    const gone = await f.store.couplings.create({
      mappingId: 'customers',
      erpId: 'e1',
      crmId: 'c1',
    });
    const kept = await f.store.couplings.create({
      mappingId: 'customers',
      erpId: 'e2',
      crmId: 'c2',
    });
    const event = (couplingId: string, erpId: string, crmId: string, outcome: string) => ({
      mappingId: 'customers',
      couplingId,
      erpId,
      crmId,
      outcome,
    });
    await f.store.history.insertMany([
      event(gone.id, 'e1', 'c1', 'inserted'),
      event(kept.id, 'e2', 'c2', 'inserted'),
    ]);
    f.clock.advance(60_000);
    await f.store.history.insertMany([event(gone.id, 'e1', 'c1', 'uncoupled')]);
    // Still coupled: the log is the coupling's, not found by id alone.
    expect(
      (await f.store.history.listForRecord({ mappingId: 'customers', erpId: 'e1' }, { limit: 5 }))
        .items,
    ).toEqual([]);
    expect(await f.store.couplings.removeMany([gone.id])).toBe(1);
    const byErp = await f.store.history.listForRecord(
      { mappingId: 'customers', erpId: 'e1' },
      { limit: 5 },
    );
    expect(byErp.items.map((e) => e.outcome)).toEqual(['uncoupled', 'inserted']);
    const byCrm = await f.store.history.listForRecord(
      { mappingId: 'customers', crmId: 'c1' },
      { limit: 1 },
    );
    expect(byCrm.items.map((e) => e.outcome)).toEqual(['uncoupled']);
    expect(byCrm.nextCursor).not.toBeNull();
    // Another mapping's record with the same id is not this one.
    expect(
      (await f.store.history.listForRecord({ mappingId: 'items', erpId: 'e1' }, { limit: 5 }))
        .items,
    ).toEqual([]);
  });

  it("inserts thousands of events in chunks and pages a job's records without duplicates or gaps", async () => {
    await seedMapping(f.store);
    const job = await f.store.jobs.enqueue({
      mappingId: 'customers',
      type: 'initial',
      trigger: 'manual',
    });
    const written = await f.store.history.insertMany(
      Array.from({ length: 2500 }, (_, i) => ({
        mappingId: 'customers',
        erpId: `e${i}`,
        jobId: job.id,
        outcome: i % 10 === 0 ? 'failed' : 'inserted',
        after: { n: i },
      })),
    );
    expect(written).toBe(2500);
    expect(await f.store.history.countForJob(job.id)).toEqual({ inserted: 2250, failed: 250 });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await f.store.history.listForJob(job.id, {
        limit: 400,
        cursor,
        outcome: 'inserted',
      });
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(2250);
  });

  it("pages one record's long log newest first across equal timestamps", async () => {
    await seedMapping(f.store);
    await f.store.history.insertMany(
      Array.from({ length: 33 }, (_, i) => ({
        mappingId: 'customers',
        couplingId: 'c',
        outcome: 'unchanged',
        at: new Date(Date.UTC(2026, 0, 1, 0, 0, i % 5)).toISOString(),
      })),
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await f.store.history.listForRecord({ couplingId: 'c' }, { limit: 4, cursor });
      seen.push(...page.items.map((e) => e.at));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(33);
    expect([...seen].sort().reverse()).toEqual(seen);
  });
});
