import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../store';
import { seedMapping } from '../testing/seed';
import type { ErrorListQuery, RaiseError } from './sync-errors';
import { applyErrorFilter } from './sync-errors';
import { tables } from '../migrations/tables';
import { asRows } from '../rows/values';

/** The SQL the errors list runs, so its plan can be checked. */
function listSql(store: Store, query: ErrorListQuery) {
  const column = {
    lastSeenAt: 'last_seen_at',
    recordName: 'record_name',
    kind: 'kind',
    occurrences: 'occurrence_count',
  }[query.sort ?? 'lastSeenAt'];
  const order = query.order ?? 'desc';
  return applyErrorFilter(store.knex(tables.errors).select('*'), query.filter)
    .orderBy([
      { column, order },
      { column: 'id', order },
    ])
    .limit(query.limit + 1)
    .toSQL()
    .toNative();
}

async function planOf(store: Store, query: ErrorListQuery): Promise<string> {
  const { sql, bindings } = listSql(store, query);
  const rows = asRows(
    await store.knex.raw(`EXPLAIN QUERY PLAN ${sql}`, bindings as readonly Knex.RawBinding[]),
  );
  return rows.map((r) => String(r['detail'])).join('\n');
}

describe('errors list query plan over 20k errors (SQLite)', () => {
  let store: Store;
  beforeAll(async () => {
    store = await createStore({ client: 'sqlite', filename: ':memory:' });
    await seedMapping(store, 'customers');
    await seedMapping(store, 'contacts');
    const inputs: RaiseError[] = Array.from({ length: 20_000 }, (_, i) => ({
      mappingId: i % 4 === 0 ? 'contacts' : 'customers',
      erpId: `e${i}`,
      kind: ['validation', 'conflict', 'transport', 'deleted'][i % 4] ?? 'validation',
      state: 'failed',
      message: `problem ${i}`,
      recordName: `Customer ${i}`,
      at: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
    }));
    await store.errors.raiseMany(inputs);
    await store.knex.raw('ANALYZE');
  }, 60_000);
  afterAll(() => store.close());

  it('uses an index and no full scan or temp sort for open errors of a mapping, newest first', async () => {
    const plan = await planOf(store, { limit: 50, filter: { mappingId: 'customers' } });
    expect(plan).toMatch(/USING INDEX ix_sync_errors_open_mapping_last_seen/);
    expect(plan).not.toMatch(/SCAN sync_errors(?! USING)|USE TEMP B-TREE/);
  });

  it('uses an index for all open errors sorted by last seen, by record name and by occurrences', async () => {
    for (const sort of ['lastSeenAt', 'recordName', 'occurrences'] as const) {
      const plan = await planOf(store, { limit: 50, sort });
      expect(plan, sort).toMatch(/USING INDEX ix_sync_errors_open_/);
      expect(plan, sort).not.toMatch(/USE TEMP B-TREE/);
    }
  });

  it('uses an index for open errors of one kind, newest first', async () => {
    const plan = await planOf(store, { limit: 50, filter: { kinds: ['conflict'] } });
    expect(plan).toMatch(/USING INDEX ix_sync_errors_open_kind_last_seen/);
  });

  it('returns the first page and a deep page quickly', async () => {
    const started = performance.now();
    let page = await store.errors.list({ limit: 50, filter: { mappingId: 'customers' } });
    for (let i = 0; i < 20 && page.nextCursor; i++) {
      page = await store.errors.list({
        limit: 50,
        cursor: page.nextCursor,
        filter: { mappingId: 'customers' },
      });
    }
    expect(page.items).toHaveLength(50);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
