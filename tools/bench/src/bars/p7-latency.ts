import { benchLatency } from '@twinsync/sync-live/testing';
import { formatMs } from '../report';
import type { BarResult } from '../report';
import type { BarContext } from './context';
import { labels } from './labels';

const targetP95Ms = 5000;

/** P7 through live sync's own latency bench (both mocks, store, engine and live sync in-process). */
export async function runP7(ctx: BarContext): Promise<BarResult> {
  const edits = ctx.quick ? 60 : 300;
  const r = await benchLatency({ edits, intervalMs: 150, log: (line) => ctx.log(`P7: ${line}`) });
  const p95 = r.all.p95Ms;
  const ok = r.missing === 0 && Number.isFinite(p95);
  return {
    id: 'P7',
    ...labels.P7,
    figure: ok
      ? `p50 ${formatMs(r.all.p50Ms)}, p95 ${formatMs(p95)}, p99 ${formatMs(r.all.p99Ms)}`
      : `${r.missing} of ${r.edits} edits never reached the other app`,
    baseline: '',
    ratio: ok ? p95 / targetP95Ms : null,
    pass: ok && p95 <= targetP95Ms,
    notes:
      `libs/sync-live benchLatency: ${r.edits} edits at one per 150 ms (half in each app) over ` +
      `coupled customers, ERP webhooks + CRM delta polling triggering small jobs; ERP→CRM p95 ` +
      `${formatMs(r.erpToCrm.p95Ms)}, CRM→ERP p95 ${formatMs(r.crmToErp.p95Ms)}; missing ${r.missing}, ` +
      `superseded ${r.superseded}; ${r.recordJobs} record jobs, ${r.incrementalJobs} incremental jobs.`,
    raw: { ...r },
  };
}
