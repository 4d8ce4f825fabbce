import { runP3 } from './bars/p3-decisions';
import { runP4 } from './bars/p4-errors-list';
import { p4PgLabel, runP4Pg } from './bars/p4-postgres';
import { runP6 } from './bars/p6-bulk-actions';
import type { BarRunner } from './run';
import { labels } from './bars/labels';
import { runP1P5 } from './bars/p1-initial-sync';
import { runP2 } from './bars/p2-incremental';
import { runP7 } from './bars/p7-latency';
import { r6Label, r6NetworkLabel, runR6 } from './bars/r6-scale-out';

export const runners: BarRunner[] = [
  {
    bars: ['P1', 'P5'],
    describe: labels,
    run: (ctx) => runP1P5(ctx),
  },
  {
    bars: ['P2'],
    describe: labels,
    run: async (ctx) => [await runP2(ctx)],
  },
  { bars: ['P3'], describe: labels, run: async (ctx) => [await runP3(ctx)] },
  { bars: ['P4'], describe: labels, run: async (ctx) => [await runP4(ctx)] },
  { bars: ['P4PG'], describe: { P4PG: p4PgLabel }, run: async (ctx) => [await runP4Pg(ctx)] },
  { bars: ['P6'], describe: labels, run: async (ctx) => [await runP6(ctx)] },
  { bars: ['P7'], describe: labels, run: async (ctx) => [await runP7(ctx)] },
  {
    bars: ['R6', 'R6N'],
    describe: { R6: r6Label, R6N: r6NetworkLabel },
    run: (ctx, wanted) => runR6(ctx, wanted),
  },
];
