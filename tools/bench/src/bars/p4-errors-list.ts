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

type ListInput = Parameters<ReturnType<ApiFixture['callerAs']>['errors']['list']>[0];

/** The query shapes the portal sends: default view, filters, sorts, deep pages, search. */
export const queryShapes: { name: string; input: ListInput; pages: number }[] = [
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
    const samples: number[] = [];
    const perShape = new Map<string, number[]>();
    const timeOne = async (shape: string, run: () => Promise<unknown>, record: boolean) => {
      const t0 = performance.now();
      await run();
      const ms = performance.now() - t0;
      if (!record) return;
      samples.push(ms);
      perShape.set(shape, [...(perShape.get(shape) ?? []), ms]);
    };
    let lastCount = 0;
    for (let round = 0; round < rounds + 2; round++) {
      const record = round >= 2; // two warm-up rounds
      for (const shape of queryShapes) {
        let cursor: string | null = null;
        for (let page = 0; page < shape.pages; page++) {
          const input = cursor ? { ...shape.input, cursor } : shape.input;
          let next: string | null = null;
          await timeOne(
            shape.name,
            async () => {
              const res = await caller.errors.list(input);
              next = res.nextCursor;
              lastCount = res.items.length;
            },
            record && (shape.pages === 1 || page > 0),
          );
          cursor = next;
          if (!cursor) break;
        }
      }
    }
    if (lastCount === 0) throw new Error('the last errors.list query returned no rows');
    const p50 = percentile(samples, 50);
    const p95 = percentile(samples, 95);
    const p99 = percentile(samples, 99);
    const shapes = [...perShape].map(([name, s]) => `${name} p95 ${formatMs(percentile(s, 95))}`);
    return {
      ...bar,
      figure: `p50 ${formatMs(p50)}, p95 ${formatMs(p95)}, p99 ${formatMs(p99)}`,
      baseline: '',
      ratio: p95 / targetP95Ms,
      pass: p95 <= targetP95Ms,
      notes:
        `${formatCount(errors)} open errors (SQLite file, real store), ${formatCount(samples.length)} ` +
        `queries as a viewer over ${queryShapes.length} shapes (${shapes.join('; ')}). ` +
        'Browser first-page time: not measured here (needs the portal e2e stack).',
      raw: {
        errors,
        queries: samples.length,
        p50,
        p95,
        p99,
        spread: summarize(samples),
        perShapeP95: Object.fromEntries([...perShape].map(([n, s]) => [n, percentile(s, 95)])),
      },
    };
  } finally {
    await fixture.close();
  }
}
