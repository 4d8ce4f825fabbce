import { expect, it } from 'vitest';
import { describeEachStore } from '../testing/store-targets';
import { seedMapping } from '../testing/seed';
import { RecordNotFoundError } from '../store-errors';

describeEachStore('couplings repository', (f) => {
  it('creates a coupling with defaults and reads it back by id, ERP id and CRM id', async () => {
    await seedMapping(f.store);
    const created = await f.store.couplings.create({
      mappingId: 'customers',
      erpId: 'e1',
      crmId: 'c1',
      base: { name: 'Adatum', creditLimit: 100, active: true, phone: null },
      recordNumber: '10000',
      recordName: 'Adatum',
    });
    expect(created).toMatchObject({
      erpId: 'e1',
      crmId: 'c1',
      state: 'coupled',
      skipped: false,
      attempts: 0,
      base: { name: 'Adatum', creditLimit: 100, active: true, phone: null },
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    expect(await f.store.couplings.get(created.id)).toEqual(created);
    expect(await f.store.couplings.findByErpId('customers', 'e1')).toEqual(created);
    expect(await f.store.couplings.findByCrmId('customers', 'c1')).toEqual(created);
    expect(await f.store.couplings.findByAnyKey('10000')).toEqual(created);
  });

  it('finds a coupling by the record id of either side through the (mapping, record id) indexes', async () => {
    await seedMapping(f.store, 'customers');
    await seedMapping(f.store, 'contacts');
    await f.store.couplings.create({ mappingId: 'customers', erpId: 'e1', crmId: 'c1' });
    const contact = await f.store.couplings.create({
      mappingId: 'contacts',
      erpId: 'e2',
      crmId: 'c2',
    });
    const statements: { sql: string; bindings: unknown[] }[] = [];
    const listen = (q: { sql: string; bindings?: unknown[] }) =>
      statements.push({ sql: q.sql, bindings: q.bindings ?? [] });
    f.store.knex.on('query', listen);
    try {
      expect(await f.store.couplings.findByAnyKey('c2')).toEqual(contact);
    } finally {
      f.store.knex.off('query', listen);
    }
    expect(await f.store.couplings.findByAnyKey('e2')).toEqual(contact);
    expect(await f.store.couplings.findByAnyKey('nothing')).toBeNull();
    if (f.store.client !== 'sqlite') return;
    // No index on crm_id alone (migration 006): the lookup must not scan the table.
    const byCrm = statements.find((s) => s.sql.includes('`crm_id` = ?'));
    expect(byCrm).toBeDefined();
    const plan = await f.store.knex.raw<{ detail: string }[]>(
      `EXPLAIN QUERY PLAN ${byCrm?.sql ?? ''}`,
      (byCrm?.bindings ?? []) as string[],
    );
    const details = plan.map((r) => r.detail).join('\n');
    expect(details).toMatch(/SEARCH couplings USING INDEX ux_couplings_mapping_crm/);
    expect(details).not.toMatch(/SCAN couplings/);
  });

  it('records the versions of one side for many couplings and leaves the other side alone', async () => {
    await seedMapping(f.store);
    const a = await f.store.couplings.create({
      mappingId: 'customers',
      erpId: 'e1',
      crmId: 'c1',
      erpVersion: 'W/"e1"',
    });
    const b = await f.store.couplings.create({ mappingId: 'customers', erpId: 'e2', crmId: 'c2' });
    const c = await f.store.couplings.create({ mappingId: 'customers', erpId: 'e3', crmId: 'c3' });
    const changed = await f.store.couplings.setVersions('crm', [
      { id: a.id, version: 'W/"101"' },
      { id: b.id, version: 'W/"102"' },
    ]);
    expect(changed).toBe(2);
    expect(await f.store.couplings.get(a.id)).toMatchObject({
      crmVersion: 'W/"101"',
      erpVersion: 'W/"e1"',
    });
    expect((await f.store.couplings.get(b.id))?.crmVersion).toBe('W/"102"');
    expect((await f.store.couplings.get(c.id))?.crmVersion).toBeNull();
    expect(await f.store.couplings.setVersions('erp', [])).toBe(0);
  });

  it('refuses a second coupling of the same ERP record in one mapping', async () => {
    await seedMapping(f.store);
    await f.store.couplings.create({ mappingId: 'customers', erpId: 'e1', crmId: 'c1' });
    await expect(
      f.store.couplings.create({ mappingId: 'customers', erpId: 'e1', crmId: 'c2' }),
    ).rejects.toThrow(/unique|UNIQUE/);
  });

  it('upserts many couplings in chunks and overwrites sync state on the ERP key without changing the id', async () => {
    await seedMapping(f.store);
    const inputs = Array.from({ length: 1500 }, (_, i) => ({
      mappingId: 'customers',
      erpId: `e${i}`,
      crmId: `c${i}`,
      erpVersion: 'W/"1"',
    }));
    const first = await f.store.couplings.upsertMany(inputs);
    expect(first).toHaveLength(1500);
    f.clock.advance(1000);
    const again = await f.store.couplings.upsertMany(
      inputs
        .slice(0, 10)
        .map((c) => ({ ...c, erpVersion: 'W/"2"', lastResultToCrm: 'succeeded' as const })),
      'erpId',
    );
    const before = first.find((c) => c.erpId === 'e3');
    const after = again.find((c) => c.erpId === 'e3');
    expect(after?.id).toBe(before?.id);
    expect(after).toMatchObject({
      erpVersion: 'W/"2"',
      lastResultToCrm: 'succeeded',
      createdAt: before?.createdAt,
      updatedAt: '2026-01-01T00:00:01.000Z',
    });
    expect(await f.store.couplings.countByMapping()).toEqual({ customers: 1500 });
  });

  it('writes many couplings without reading them back, and overwrites sync state on a collision', async () => {
    await seedMapping(f.store);
    const inputs = Array.from({ length: 1300 }, (_, i) => ({
      id: `k${i}`,
      mappingId: 'customers',
      erpId: `e${i}`,
      crmId: null,
      state: 'pending' as const,
      recordNumber: `N${i}`,
    }));
    expect(await f.store.couplings.writeMany(inputs)).toBe(1300);
    f.clock.advance(1000);
    const base = { name: 'O\'Neil "quoted" ? ??', creditLimit: 5, active: false, phone: null };
    expect(
      await f.store.couplings.writeMany(
        inputs.slice(0, 600).map((c, i) => ({
          ...c,
          crmId: `c${i}`,
          state: 'coupled' as const,
          base,
          crmVersion: 'W/"7"',
          skipped: false,
        })),
      ),
    ).toBe(600);
    const written = await f.store.couplings.get('k3');
    expect(written).toMatchObject({
      crmId: 'c3',
      state: 'coupled',
      base,
      crmVersion: 'W/"7"',
      skipped: false,
      recordNumber: 'N3',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:01.000Z',
    });
    expect(await f.store.couplings.get('k900')).toMatchObject({ state: 'pending', crmId: null });
    expect(await f.store.couplings.countByMapping()).toEqual({ customers: 1300 });
    await expect(
      f.store.couplings.writeMany([
        { id: 'other', mappingId: 'customers', erpId: 'e1', crmId: 'x' },
      ]),
    ).rejects.toThrow(/unique|UNIQUE/);
  });

  it('rewrites couplings whose record ids are unchanged, beside new rows and changed ids, in one call', async () => {
    await seedMapping(f.store);
    const pending = (n: number) => ({
      id: `p${n}`,
      mappingId: 'customers',
      erpId: `e${n}`,
      crmId: `c${n}`,
      state: 'pending' as const,
      recordNumber: `N${n}`,
    });
    await f.store.couplings.writeMany([pending(1), pending(2)]);
    f.clock.advance(1000);
    const base = {
      name: 'Åre «Ski» \\ "AB" \u{1F600}',
      creditLimit: 1.5,
      active: true,
      phone: null,
    };
    // Unchanged ids: only the sync state is rewritten.
    const synced = {
      ...pending(1),
      state: 'coupled' as const,
      base,
      attempts: 3,
      skipped: true,
      crmVersion: 'W/"9"',
    };
    // A replaced CRM id (a restore): the whole row is rewritten.
    const restored = { ...pending(2), crmId: 'c2b', state: 'coupled' as const, base };
    // New, and given twice: the last one stays.
    await f.store.couplings.writeMany([
      synced,
      restored,
      { ...pending(3), state: 'pending' },
      { ...pending(3), state: 'failed' },
    ]);
    const times = { createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:01.000Z' };
    expect(await f.store.couplings.get('p1')).toMatchObject({ ...synced, ...times });
    expect(await f.store.couplings.get('p2')).toMatchObject({ ...restored, ...times });
    expect(await f.store.couplings.findByCrmId('customers', 'c2')).toBeNull();
    expect(await f.store.couplings.findByCrmId('customers', 'c2b')).toMatchObject({ id: 'p2' });
    expect(await f.store.couplings.get('p3')).toMatchObject({ state: 'failed', erpId: 'e3' });
    expect(await f.store.couplings.countByMapping()).toEqual({ customers: 3 });
  });

  it('finds the couplings of many records of one side at once', async () => {
    await seedMapping(f.store);
    await f.store.couplings.upsertMany(
      Array.from({ length: 50 }, (_, i) => ({
        mappingId: 'customers',
        erpId: `e${i}`,
        crmId: `c${i}`,
      })),
    );
    const found = await f.store.couplings.findManyByRecordIds('customers', 'crm', [
      'c1',
      'c7',
      'missing',
    ]);
    expect(found.map((c) => c.erpId).sort()).toEqual(['e1', 'e7']);
  });

  it('updates only the fields given, and a missing coupling is a RecordNotFoundError', async () => {
    await seedMapping(f.store);
    const c = await f.store.couplings.create({
      mappingId: 'customers',
      erpId: 'e1',
      crmId: 'c1',
      recordName: 'A',
    });
    const updated = await f.store.couplings.update(c.id, {
      state: 'failed',
      attempts: 2,
      lastErrorKind: 'validation',
    });
    expect(updated).toMatchObject({
      state: 'failed',
      attempts: 2,
      lastErrorKind: 'validation',
      recordName: 'A',
    });
    await expect(f.store.couplings.update('nope', { state: 'x' })).rejects.toBeInstanceOf(
      RecordNotFoundError,
    );
  });

  it('sets and clears Skipped on many couplings and removes couplings', async () => {
    await seedMapping(f.store);
    const all = await f.store.couplings.upsertMany(
      Array.from({ length: 5 }, (_, i) => ({
        mappingId: 'customers',
        erpId: `e${i}`,
        crmId: `c${i}`,
      })),
    );
    const ids = all.map((c) => c.id);
    expect(await f.store.couplings.setSkipped(ids.slice(0, 3), true)).toBe(3);
    const skipped = await f.store.couplings.list({ limit: 10, skipped: true });
    expect(skipped.items).toHaveLength(3);
    expect(await f.store.couplings.removeMany(ids.slice(0, 2))).toBe(2);
    expect(await f.store.couplings.getMany(ids)).toHaveLength(3);
  });

  it('pages through couplings with a keyset cursor without duplicates or gaps', async () => {
    await seedMapping(f.store);
    await f.store.couplings.upsertMany(
      Array.from({ length: 95 }, (_, i) => ({
        mappingId: 'customers',
        erpId: `e${i}`,
        crmId: `c${i}`,
      })),
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await f.store.couplings.list({ mappingId: 'customers', limit: 20, cursor });
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(95);
    expect(new Set(seen).size).toBe(95);
    let scanned = 0;
    for await (const batch of f.store.couplings.scan('customers', 30)) scanned += batch.length;
    expect(scanned).toBe(95);
  });

  it('searches by record number or name case-insensitively and by exact record id', async () => {
    await seedMapping(f.store);
    await f.store.couplings.create({
      mappingId: 'customers',
      erpId: 'e1',
      crmId: 'c1',
      recordNumber: '10000',
      recordName: 'Adatum Corp',
    });
    await f.store.couplings.create({
      mappingId: 'customers',
      erpId: 'e2',
      crmId: 'c2',
      recordNumber: '20000',
      recordName: 'Trey 100%',
    });
    expect(
      (await f.store.couplings.list({ limit: 10, search: 'adatum' })).items.map((c) => c.erpId),
    ).toEqual(['e1']);
    expect(
      (await f.store.couplings.list({ limit: 10, search: '100%' })).items.map((c) => c.erpId),
    ).toEqual(['e2']);
    expect(
      (await f.store.couplings.list({ limit: 10, search: 'c2' })).items.map((c) => c.erpId),
    ).toEqual(['e2']);
  });

  it('lets only one worker hold a coupling lock until it expires', async () => {
    await seedMapping(f.store);
    const [a, b] = await f.store.couplings.upsertMany([
      { mappingId: 'customers', erpId: 'e1', crmId: 'c1' },
      { mappingId: 'customers', erpId: 'e2', crmId: 'c2' },
    ]);
    const ids = [a?.id ?? '', b?.id ?? ''];
    const until = new Date('2026-01-01T00:01:00.000Z');
    expect((await f.store.couplings.lock(ids.slice(0, 1), 'w1', until)).length).toBe(1);
    expect(await f.store.couplings.lock(ids, 'w2', until)).toEqual([ids[1]]);
    f.clock.advance(120_000);
    expect(
      await f.store.couplings.lock(ids.slice(0, 1), 'w2', new Date('2026-01-01T00:05:00.000Z')),
    ).toEqual([ids[0]]);
    expect(await f.store.couplings.unlock(ids, 'w1')).toBe(0);
    expect(await f.store.couplings.unlock(ids, 'w2')).toBe(2);
  });
});
