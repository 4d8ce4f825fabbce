import type { CouplingInput } from '@twinsync/sync-store';
import { formatCount, formatMs, formatSpread, summarize } from '../report';
import type { BarResult } from '../report';
import { seedCouplings, seedErrors, startApiFixture, type ApiFixture } from './api-fixture';
import type { BarContext } from './context';

const bar = {
  id: 'P6',
  what: 'bulk Retry / Remove coupling over 10k selected errors (tRPC actions, one call each)',
  target: '≤ 5 s each, one admin action, one audit entry',
};
const targetMs = 5000;

interface Prepared {
  fixture: ApiFixture;
  couplingIds: string[];
  errorIds: string[];
}

/** `count` coupled customer pairs in both in-memory apps and the store, each with an open, Skipped error. */
async function prepare(count: number): Promise<Prepared> {
  const fixture = await startApiFixture('p6');
  const inputs: CouplingInput[] = [];
  for (let n = 0; n < count; n++) {
    const number = `C${String(n).padStart(6, '0')}`;
    const name = `Customer ${n}`;
    const erpId = fixture.erp.insert({ number, displayName: name, email: `c${n}@example.com` });
    const crmId = fixture.crm.insert({
      accountnumber: number,
      name,
      emailaddress1: `c${n}@example.com`,
    });
    inputs.push({
      mappingId: 'customers',
      erpId,
      crmId,
      base: { number, name, email: `c${n}@example.com` },
      state: 'failed',
      skipped: true,
      attempts: 2,
      recordNumber: number,
      recordName: name,
    });
  }
  const couplingIds = await seedCouplings(fixture.store, inputs);
  const errorIds = await seedErrors(fixture.store, count, couplingIds);
  return { fixture, couplingIds, errorIds };
}

async function auditCount(fixture: ApiFixture): Promise<number> {
  const page = await fixture.store.audit.list({ limit: 1000 });
  return page.items.length;
}

export async function runP6(ctx: BarContext): Promise<BarResult> {
  const count = 10_000;
  const repetitions = ctx.quick ? 1 : 3;
  const checks = new Set<string>();
  const retrySamples: number[] = [];
  const removeSamples: number[] = [];
  const entries = (n: number) => `${n} audit entr${n === 1 ? 'y' : 'ies'}`;
  for (let rep = 0; rep < repetitions; rep++) {
    const { fixture, couplingIds, errorIds } = await prepare(count);
    try {
      const operator = fixture.callerAs('operator');
      // Retry over the 10k selected errors.
      let before = await auditCount(fixture);
      let t0 = performance.now();
      const retried = await operator.actions.retry({ target: { by: 'errors', errorIds } });
      retrySamples.push(performance.now() - t0);
      const skippedLeft = (await fixture.store.couplings.list({ limit: 1, skipped: true })).items;
      let audits = (await auditCount(fixture)) - before;
      const retryCheck =
        `retry: ${formatCount(retried.succeeded)}/${formatCount(errorIds.length)} succeeded, ` +
        `${entries(audits)}, ${skippedLeft.length ? 'a coupling still Skipped' : 'none left Skipped'}`;
      checks.add(retryCheck);
      if (retried.succeeded !== errorIds.length || audits !== 1 || skippedLeft.length)
        throw new Error(`P6 retry did not do what it should: ${retryCheck}`);
      // Remove coupling over 10k fresh open errors of the same couplings.
      const freshErrors = await seedErrors(fixture.store, couplingIds.length, couplingIds);
      before = await auditCount(fixture);
      t0 = performance.now();
      const removed = await operator.actions.removeCoupling({
        target: { by: 'errors', errorIds: freshErrors },
      });
      removeSamples.push(performance.now() - t0);
      const left = (await fixture.store.couplings.countByMapping())['customers'] ?? 0;
      audits = (await auditCount(fixture)) - before;
      const removeCheck =
        `remove coupling: ${formatCount(removed.succeeded)}/${formatCount(freshErrors.length)} ` +
        `succeeded, ${entries(audits)}, ${formatCount(left)} couplings left`;
      checks.add(removeCheck);
      if (removed.succeeded !== freshErrors.length || audits !== 1 || left > 0)
        throw new Error(`P6 remove coupling did not do what it should: ${removeCheck}`);
    } finally {
      await fixture.close();
    }
  }
  const retry = summarize(retrySamples);
  const remove = summarize(removeSamples);
  const worst = Math.max(retry.median, remove.median);
  ctx.log(`P6: retry ${formatMs(retry.median)}, remove coupling ${formatMs(remove.median)}`);
  return {
    ...bar,
    figure:
      `retry ${formatSpread(retrySamples, formatMs)}; ` +
      `remove coupling ${formatSpread(removeSamples, formatMs)}`,
    baseline: '',
    ratio: worst / targetMs,
    pass: worst <= targetMs,
    notes:
      `${formatCount(count)} coupled pairs with one open error each (store on a SQLite file; the ` +
      `engine's apps in memory, so app round trips are not in the figure); ${[...checks].join('; ')}.`,
    raw: { count, retryMs: retrySamples, removeCouplingMs: removeSamples, checks: [...checks] },
  };
}
