import { runP3 } from './bars/p3-decisions';
import { runP4 } from './bars/p4-errors-list';
import { runP6 } from './bars/p6-bulk-actions';
import { notAvailable } from './bars/context';
import type { BarRunner } from './run';

export const labels = {
  P1: {
    what: 'initial full sync, ERP customers → CRM accounts over HTTP through both mocks',
    target: '≥ 2,000 records/s and ≥ 60 % of the raw ceiling',
  },
  P2: {
    what: 'incremental sync of 100 changes, 200k vs 2k coupled',
    target: 'time ratio ≤ 1.5',
  },
  P3: {
    what: 'sync-core decisions per second on one core (3-way compare of 20-field records)',
    target: '≥ 500,000 / s',
  },
  P4: {
    what: 'errors list query, 100k open errors, filtered + sorted + paged (tRPC layer, createCaller)',
    target: 'p95 ≤ 50 ms (portal first page ≤ 1 s)',
  },
  P5: { what: 'peak RSS of the sync process during P1', target: '≤ 300 MB' },
  P6: {
    what: 'bulk Retry / Remove coupling over 10k selected errors (tRPC actions, one call each)',
    target: '≤ 5 s each, one admin action, one audit entry',
  },
  P7: {
    what: 'change in one app → counterpart in the other, embedded mode, steady state',
    target: 'p95 ≤ 5 s',
  },
} as const;

export const runners: BarRunner[] = [
  {
    bars: ['P1', 'P5'],
    describe: labels,
    run: () =>
      Promise.resolve([
        notAvailable({ id: 'P1', ...labels.P1 }, 'not wired yet'),
        notAvailable({ id: 'P5', ...labels.P5 }, 'not wired yet'),
      ]),
  },
  {
    bars: ['P2'],
    describe: labels,
    run: () => Promise.resolve([notAvailable({ id: 'P2', ...labels.P2 }, 'not wired yet')]),
  },
  { bars: ['P3'], describe: labels, run: async (ctx) => [await runP3(ctx)] },
  { bars: ['P4'], describe: labels, run: async (ctx) => [await runP4(ctx)] },
  { bars: ['P6'], describe: labels, run: async (ctx) => [await runP6(ctx)] },
  {
    bars: ['P7'],
    describe: labels,
    run: () =>
      Promise.resolve([
        {
          id: 'P7',
          ...labels.P7,
          figure: 'not built',
          ratio: null,
          pass: null,
          notes: 'live sync (webhook/delta-triggered small jobs) is not wired',
        },
      ]),
  },
];
