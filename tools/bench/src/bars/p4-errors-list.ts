import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { profiled, topFunctions } from '../profile';
import { portalFirstPage } from './p4-portal';
import { formatCount, formatMs, percentile, summarize } from '../report';
import type { BarResult } from '../report';
import { seedErrors, startApiFixture, type ApiFixture } from './api-fixture';
import type { BarContext } from './context';

const bar = {
  id: 'P4',
  what: 'errors list query, 100k open errors, filtered + sorted + paged (tRPC layer, createCaller)',
  target: 'p95 ≤ 50 ms (portal first page ≤ 1 s)',
};
const targetP95Ms = 50;

type Caller = ReturnType<ApiFixture['callerAs']>;
type ListInput = Parameters<Caller['errors']['list']>[0];

export interface QueryShape {
  name: string;
  input: ListInput;
  pages: number;
}

/** The query shapes the portal sends: default view, filters, sorts, deep pages, search. */
export const queryShapes: QueryShape[] = [
  { name: 'newest first', input: { limit: 50 }, pages: 1 },
  {
    name: 'kind=validation, by record name',
    input: { filter: { kinds: ['validation'] }, sort: 'recordName', order: 'asc', limit: 50 },
    pages: 1,
  },
  {
    name: 'customers + state=conflict, by occurrences',
    input: {
      filter: { mappingId: 'customers', states: ['conflict'] },
      sort: 'occurrenceCount',
      order: 'desc',
      limit: 50,
    },
    pages: 1,
  },
  {
    name: 'direction + date range, oldest first',
    input: {
      filter: {
        direction: 'erpToCrm',
        from: '2026-01-10T00:00:00.000Z',
        to: '2026-01-20T00:00:00.000Z',
      },
      sort: 'lastSeenAt',
      order: 'asc',
      limit: 100,
    },
    pages: 1,
  },
  { name: 'newest first, pages 2–5 by cursor', input: { limit: 50 }, pages: 5 },
  {
    name: 'search "Customer 4242"',
    input: { filter: { search: 'Customer 4242' }, limit: 50 },
    pages: 1,
  },
];

/**
 * Every query shape, `rounds` times after two warm-up rounds: each query's time, and per shape.
 * Deep pages count from page 2 (their first page is the default view's).
 */
export async function timeShapes(
  caller: Caller,
  rounds: number,
  shapes: readonly QueryShape[] = queryShapes,
): Promise<{ samples: number[]; perShape: Map<string, number[]> }> {
  const samples: number[] = [];
  const perShape = new Map<string, number[]>();
  let lastCount = 0;
  for (let round = 0; round < rounds + 2; round++) {
    const record = round >= 2; // two warm-up rounds
    for (const shape of shapes) {
      let cursor: string | null = null;
      for (let page = 0; page < shape.pages; page++) {
        const input = cursor ? { ...shape.input, cursor } : shape.input;
        const t0 = performance.now();
        const res = await caller.errors.list(input);
        const ms = performance.now() - t0;
        lastCount = res.items.length;
        if (record && (shape.pages === 1 || page > 0)) {
          samples.push(ms);
          perShape.set(shape.name, [...(perShape.get(shape.name) ?? []), ms]);
        }
        cursor = res.nextCursor;
        if (!cursor) break;
      }
    }
  }
  if (lastCount === 0) throw new Error('the last errors.list query returned no rows');
  return { samples, perShape };
}

/** Each shape's p95 in ms. */
export function perShapeP95(perShape: Map<string, number[]>): Record<string, number> {
  return Object.fromEntries([...perShape].map(([name, s]) => [name, percentile(s, 95)]));
}

/** "name p95 1.2 ms; …" over the shapes. */
export function shapesP95(perShape: Map<string, number[]>): string {
  return Object.entries(perShapeP95(perShape))
    .map(([name, ms]) => `${name} p95 ${formatMs(ms)}`)
    .join('; ');
}

export async function runP4(ctx: BarContext): Promise<BarResult> {
  const errors = ctx.quick ? 20_000 : 100_000;
  const rounds = ctx.quick ? 20 : 60;
  const fixture = await startApiFixture('p4');
  try {
    const seedStart = performance.now();
    await seedErrors(fixture.store, errors);
    ctx.log(
      `P4: seeded ${formatCount(errors)} errors in ${formatMs(performance.now() - seedStart)}`,
    );
    const caller = fixture.callerAs('viewer');
    const { samples, perShape } = await timeShapes(caller, rounds);
    const plans = await queryPlans(fixture, caller);
    // One more round of every shape under the CPU profiler, to show where a query's time goes.
    const profileFile = `${ctx.stem}-p4.cpuprofile`;
    const { profile } = await profiled(async () => {
      for (let r = 0; r < 5; r++)
        for (const shape of queryShapes) await caller.errors.list(shape.input);
    });
    writeFileSync(join(ctx.outDir, profileFile), JSON.stringify(profile));
    const hot = topFunctions(profile, 8)
      .filter((h) => h.name !== '(idle)')
      .slice(0, 6)
      .map((h) => `${h.name} ${h.selfPercent.toFixed(1)} %`)
      .join('; ');
    const p50 = percentile(samples, 50);
    const p95 = percentile(samples, 95);
    const p99 = percentile(samples, 99);
    const portal = await portalFirstPage(errors, ctx.quick ? 3 : 5);
    const portalOk = portal.maxMs === null || portal.maxMs <= 1000;
    return {
      ...bar,
      figure:
        `p50 ${formatMs(p50)}, p95 ${formatMs(p95)}, p99 ${formatMs(p99)}` +
        (portal.p50Ms === null || portal.maxMs === null
          ? ''
          : `; portal first page p50 ${formatMs(portal.p50Ms)}, max ${formatMs(portal.maxMs)}`),
      baseline: '',
      ratio: p95 / targetP95Ms,
      pass: p95 <= targetP95Ms && portalOk,
      notes:
        `${formatCount(errors)} open errors (SQLite file, real store), ${formatCount(samples.length)} ` +
        `queries as a viewer over ${queryShapes.length} shapes (${shapesP95(perShape)}). ` +
        `CPU profile of 5 more rounds: ${profileFile}; top self time: ${hot}. ` +
        `SQLite plans of the statements of the default page (newest first): ${plans}. ` +
        `${portal.text}.`,
      raw: {
        errors,
        queries: samples.length,
        p50,
        p95,
        p99,
        spread: summarize(samples),
        portal: portal.result,
        perShapeP95: perShapeP95(perShape),
      },
    };
  } finally {
    await fixture.close();
  }
}

/** EXPLAIN QUERY PLAN of every statement the default errors page runs (SQLite). */
async function queryPlans(
  fixture: ApiFixture,
  caller: ReturnType<ApiFixture['callerAs']>,
): Promise<string> {
  const statements: { sql: string; bindings: unknown[] }[] = [];
  const listener = (q: { sql: string; bindings?: unknown[] }) =>
    void statements.push({ sql: q.sql, bindings: q.bindings ?? [] });
  fixture.store.knex.on('query', listener);
  try {
    await caller.errors.list(queryShapes[0]!.input);
  } finally {
    fixture.store.knex.removeListener('query', listener);
  }
  const out: string[] = [];
  for (const { sql, bindings } of statements) {
    if (!/^\s*select/i.test(sql) || !sql.includes('sync_errors')) continue;
    const rows = await fixture.store.knex.raw<{ detail?: string }[]>(
      `EXPLAIN QUERY PLAN ${sql}`,
      bindings as readonly (string | number)[],
    );
    out.push(`\`${sql.slice(0, 140)}\` → ${rows.map((r) => r.detail ?? '').join(' + ')}`);
  }
  return out.join('; ') || 'none captured';
}
