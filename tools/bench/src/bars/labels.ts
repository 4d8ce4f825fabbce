/** What each bar measures and its target (../shared/docs/quality-bars.md). */
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
