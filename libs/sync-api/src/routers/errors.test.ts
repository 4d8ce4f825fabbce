import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertCoupling, insertError, insertMapping } from '../testing/builders';
import { createTestApi, testDatabases, type TestApi } from '../testing/test-context';

const databases = await testDatabases();

describe.each(databases)('errors router on %s', (database) => {
  let api: TestApi;
  let mappingId: string;
  beforeEach(async () => {
    api = await createTestApi({ database });
    mappingId = await insertMapping(api, { name: 'customers' });
  });
  afterEach(() => api.close());

  async function seedMany(n: number) {
    for (let i = 0; i < n; i++) {
      await insertError(api, {
        mappingId,
        kind: i % 2 === 0 ? 'conflict' : 'validation',
        state: i % 3 === 0 ? 'skipped' : 'failed',
        recordNumber: `C${1000 + i}`,
        recordName: `Customer ${i}`,
        lastSeenAt: new Date(Date.UTC(2025, 0, 1, 0, i % 7)).toISOString(),
      });
    }
  }

  it('pages through every error exactly once with the cursor, newest first', async () => {
    await seedMany(23);
    const viewer = api.callerAs('viewer');
    const seen: string[] = [];
    let cursor: string | null = null;
    let previous = '9999';
    do {
      const page: Awaited<ReturnType<typeof viewer.errors.list>> = await viewer.errors.list({
        limit: 5,
        cursor,
      });
      for (const item of page.items) {
        expect(item.lastSeenAt <= previous).toBe(true);
        previous = item.lastSeenAt;
        seen.push(item.id);
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(23);
    expect(new Set(seen).size).toBe(23);
  });

  it('filters by kind, state and free text and counts per kind and state', async () => {
    await seedMany(12);
    const viewer = api.callerAs('viewer');
    const conflicts = await viewer.errors.list({
      filter: { kinds: ['conflict'], states: ['skipped'] },
    });
    expect(conflicts.items.map((e) => e.recordNumber).sort()).toEqual(['C1000', 'C1006']);
    const search = await viewer.errors.list({ filter: { search: 'c1011' } });
    expect(search.items.map((e) => e.recordNumber)).toEqual(['C1011']);
    const counts = await viewer.errors.counts({ filter: {} });
    expect(counts).toEqual({
      total: 12,
      byKind: { conflict: 6, validation: 6 },
      byState: { failed: 8, skipped: 4 },
    });
  });

  it('sorts by record name ascending', async () => {
    await seedMany(3);
    const page = await api.callerAs('viewer').errors.list({ sort: 'recordName', order: 'asc' });
    expect(page.items.map((e) => e.recordName)).toEqual(['Customer 0', 'Customer 1', 'Customer 2']);
  });

  it('sorts by occurrences and by first seen, and filters by direction, job and date range', async () => {
    const job = await api.store.jobs.enqueue({ mappingId, type: 'incremental', trigger: 'manual' });
    await insertError(api, { mappingId, recordNumber: 'ONCE', lastSeenAt: '2025-01-01T00:00:00Z' });
    await insertError(api, {
      mappingId,
      recordNumber: 'THRICE',
      occurrences: 3,
      direction: 'crm-to-erp',
      jobId: job.id,
      lastSeenAt: '2025-02-01T00:00:00Z',
    });
    const viewer = api.callerAs('viewer');
    const numbers = async (input: Parameters<typeof viewer.errors.list>[0]) =>
      (await viewer.errors.list(input)).items.map((e) => e.recordNumber);
    expect(await numbers({ sort: 'occurrenceCount', order: 'desc' })).toEqual(['THRICE', 'ONCE']);
    expect(await numbers({ sort: 'firstSeenAt', order: 'asc' })).toEqual(['ONCE', 'THRICE']);
    expect(await numbers({ filter: { direction: 'crmToErp' } })).toEqual(['THRICE']);
    expect(await numbers({ filter: { jobId: job.id } })).toEqual(['THRICE']);
    expect(
      await numbers({ filter: { from: '2024-12-31T00:00:00Z', to: '2025-01-15T00:00:00+01:00' } }),
    ).toEqual(['ONCE']);
    const [thrice] = (await viewer.errors.list({ filter: { jobId: job.id } })).items;
    expect(thrice).toMatchObject({
      direction: 'crmToErp',
      occurrenceCount: 3,
      mappingName: 'customers',
    });
  });

  it('lists only open errors: a dismissed or synced error is gone from the list and the counts', async () => {
    await insertError(api, { mappingId, recordNumber: 'OPEN' });
    await insertError(api, { mappingId, recordNumber: 'GONE', resolution: 'dismissed' });
    const viewer = api.callerAs('viewer');
    expect((await viewer.errors.list({})).items.map((e) => e.recordNumber)).toEqual(['OPEN']);
    expect((await viewer.errors.counts({ filter: {} })).total).toBe(1);
  });

  it('shows ERP, base and CRM values side by side with what changed, and every occurrence', async () => {
    const couplingId = await insertCoupling(api, {
      mappingId,
      base: { name: 'Acme', city: 'Oslo' },
    });
    const details = {
      erp: { name: 'Acme AS', city: 'Oslo' },
      crm: { name: 'Acme', city: 'Bergen' },
    };
    const occurrence = (message: string, at: string) =>
      api.store.errors.raise({
        mappingId,
        couplingId,
        kind: 'conflict',
        state: 'conflict',
        message,
        details,
        at,
      });
    await occurrence('first', '2025-03-01T09:00:00.000Z');
    const { id } = await occurrence('second', '2025-03-01T10:00:00.000Z');
    const detail = await api.callerAs('viewer').errors.detail({ id });
    expect(detail.mappingName).toBe('customers');
    expect(detail.fields).toEqual([
      {
        field: 'name',
        base: 'Acme',
        erp: 'Acme AS',
        crm: 'Acme',
        erpChanged: true,
        crmChanged: false,
        differs: true,
      },
      {
        field: 'city',
        base: 'Oslo',
        erp: 'Oslo',
        crm: 'Bergen',
        erpChanged: false,
        crmChanged: true,
        differs: true,
      },
    ]);
    expect(detail.occurrences.map((o) => o.message)).toEqual(['second', 'first']);
    expect(detail).toMatchObject({ occurrenceCount: 2, message: 'second', state: 'conflict' });
  });

  it('answers NOT_FOUND for an unknown error and BAD_REQUEST naming the field for a bad limit', async () => {
    const viewer = api.callerAs('viewer');
    await expect(viewer.errors.detail({ id: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(viewer.errors.list({ limit: 0 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: {
        issues: [expect.objectContaining({ path: ['limit'], message: 'limit must be at least 1' })],
      },
    });
    await expect(
      viewer.errors.list({ filter: { from: '2025-02-01T00:00:00Z', to: '2025-01-01T00:00:00Z' } }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(viewer.errors.list({ cursor: 'garbage' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/^cursor:/),
    });
  });
});
