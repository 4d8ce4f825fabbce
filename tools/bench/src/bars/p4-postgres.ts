import { randomBytes } from 'node:crypto';
import { createStore, errorListQuery, errorsTrigramIndex, type Store } from '@twinsync/sync-store';
import { formatCount, formatMs, percentile, type BarResult } from '../report';
import { seedErrors, startApiFixture } from './api-fixture';
import { benchPgUnreachable, benchPgUrl as pgUrl, notAvailable, type BarContext } from './context';
import { perShapeP95, queryShapes, shapesP95, timeShapes, type QueryShape } from './p4-errors-list';

export const p4PgLabel = {
  id: 'P4PG',
  what: 'P4 on PostgreSQL (the scale-out store): the same errors list queries, plus two searches',
  target: 'p95 ≤ 50 ms',
} as const;
const targetP95Ms = 50;

/**
 * P4's shapes, plus two searches whose plans differ on PostgreSQL (ADR 021): a term in every
 * message, and one exact ERP id.
 */
const pgShapes: QueryShape[] = [
  ...queryShapes,
  {
    name: 'search "problem" (every message)',
    input: { filter: { search: 'problem' }, limit: 50 },
    pages: 1,
  },
  {
    name: 'search "erp-4242" (an id)',
    input: { filter: { search: 'erp-4242' }, limit: 50 },
    pages: 1,
  },
];

/** The plan's scan nodes of one errors list query, e.g. "Bitmap Index Scan on ix_…". */
async function scansOf(store: Store, search: string): Promise<string> {
  const { sql, bindings } = errorListQuery(store.knex, { limit: 50, filter: { search } }).toSQL();
  const result = await store.knex.raw<{ rows: { 'QUERY PLAN': string }[] }>(
    `EXPLAIN ${sql}`,
    bindings as readonly (string | number)[],
  );
  const scans = result.rows
    .map((r) =>
      r['QUERY PLAN']
        .trim()
        .replace(/^->\s*/, '')
        .replace(/\s+\(cost.*$/, ''),
    )
    .filter((line) => /Scan/.test(line));
  return [...new Set(scans)].join(' + ');
}

/**
 * P4's queries through the tRPC layer on a PostgreSQL store in a schema of its own (dropped
 * afterwards). Seeded in bulk, then VACUUM ANALYZE, as autovacuum would do on a store that filled
 * up.
 */
export async function runP4Pg(ctx: BarContext): Promise<BarResult> {
  const unreachable = await benchPgUnreachable();
  if (unreachable) return notAvailable(p4PgLabel, unreachable);
  const errors = ctx.quick ? 20_000 : 100_000;
  const rounds = ctx.quick ? 20 : 60;
  const schema = `bench_p4pg_${randomBytes(4).toString('hex')}`;
  const store = await createStore({ client: 'pg', connection: pgUrl, schema, poolMax: 4 });
  const fixture = await startApiFixture('p4pg', {
    store,
    async close() {
      await store.knex.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [schema]);
      await store.close();
    },
  });
  try {
    const seedStart = performance.now();
    await seedErrors(store, errors);
    // What autovacuum does after a bulk insert. VACUUM also empties the trigram index's pending
    // list (GIN fastupdate), which the planner otherwise prices as a scan of it (ADR 021).
    await store.knex.raw('VACUUM ANALYZE sync_errors');
    ctx.log(
      `P4PG: seeded and vacuumed ${formatCount(errors)} errors in ${formatMs(performance.now() - seedStart)}`,
    );
    const { samples, perShape } = await timeShapes(fixture.callerAs('viewer'), rounds, pgShapes);
    const p95 = percentile(samples, 95);
    const trigram = await store.knex.raw<{ rows: unknown[] }>(
      'SELECT 1 FROM pg_indexes WHERE schemaname = ? AND indexname = ?',
      [schema, errorsTrigramIndex],
    );
    const plans = [
      `"Customer 4242" → ${await scansOf(store, 'Customer 4242')}`,
      `"problem" → ${await scansOf(store, 'problem')}`,
    ].join('; ');
    return {
      ...p4PgLabel,
      figure: `p50 ${formatMs(percentile(samples, 50))}, p95 ${formatMs(p95)}, p99 ${formatMs(percentile(samples, 99))}`,
      baseline: '',
      ratio: p95 / targetP95Ms,
      pass: p95 <= targetP95Ms,
      notes:
        `${formatCount(errors)} open errors (PostgreSQL, schema of its own, VACUUM ANALYZE after seeding; ` +
        `trigram index ${trigram.rows.length > 0 ? 'present' : 'absent: pg_trgm could not be installed'}), ` +
        `${formatCount(samples.length)} queries as a viewer over ${pgShapes.length} shapes ` +
        `(${shapesP95(perShape)}). Plans of the searches: ${plans}.`,
      raw: {
        errors,
        queries: samples.length,
        p95,
        perShapeP95: perShapeP95(perShape),
      },
    };
  } finally {
    await fixture.close();
  }
}
