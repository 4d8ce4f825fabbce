import type { Repositories } from '@twinsync/sync-store';
import type { Side } from '../ports';
import type { JobContext } from './job-context';
import type { RecordResult } from './results';
import { sumCounters } from './counters';

/**
 * Runs a batch's store writes in one transaction that ends by checking this worker still holds
 * the work (`ctx.fence`): a worker that lost its job to another one commits nothing more. The
 * check comes last so the row lock it takes (a take-over waits for it) is held only while the
 * transaction commits — a worker frozen mid-transaction must not hold up the take-over.
 */
export function fencedTransaction<T>(
  ctx: JobContext,
  fn: (tx: Repositories) => Promise<T>,
): Promise<T> {
  return ctx.store.transaction(async (tx) => {
    const result = await fn(tx);
    await ctx.fence?.(tx);
    return result;
  });
}

/**
 * Commits one batch's outcomes in one transaction: couplings (new versions and base snapshots),
 * resolved and raised errors, history events, the job's counters and, on a page's last batch, the
 * side's change token: a crash before the commit re-runs the batch instead of losing it.
 */
export async function commitResults(
  ctx: JobContext,
  results: readonly RecordResult[],
  token?: { side: Side; value: string },
) {
  const upserts = results.flatMap((r) => (r.upsert ? [r.upsert] : []));
  const removes = results.flatMap((r) => (r.remove ? [r.remove] : []));
  const resolves = results.flatMap((r) => (r.resolve ? [r.resolve] : []));
  const errors = results.flatMap((r) => (r.error ? [r.error] : []));
  const history = results.flatMap((r) => r.history);
  const counters = sumCounters(results);
  await fencedTransaction(ctx, async (tx) => {
    if (upserts.length > 0) await tx.couplings.writeMany(upserts);
    if (resolves.length > 0) {
      await tx.errors.resolveByCouplingIds(resolves, {
        resolution: ctx.resolution.name,
        resolvedBy: ctx.resolution.by,
      });
    }
    if (removes.length > 0) await tx.couplings.removeMany(removes);
    if (errors.length > 0) await tx.errors.raiseMany(errors);
    if (history.length > 0) await tx.history.insertMany(history);
    await tx.jobs.addCounters(ctx.jobId, counters);
    if (token) await tx.watermarks.set(ctx.mapping.id, token.side, token.value);
  });
}
