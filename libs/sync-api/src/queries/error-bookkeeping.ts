import type { ActionTarget, TargetOutcome } from '../ports';
import type { ApiStore } from '../store';
import { chunks } from './action-targets';
import { tables } from './tables';

/** Error state after Retry: listed as waiting for the next sync, which clears or re-raises it. */
export const retryingState = 'retrying';
export const dismissedState = 'dismissed';

function succeeded(targets: readonly ActionTarget[]): TargetOutcome[] {
  return targets.map((t) => ({
    couplingId: t.couplingId || null,
    errorId: t.errorId,
    status: 'succeeded',
    message: null,
  }));
}

/**
 * Retry: clears Skipped on the couplings so the next run includes them, and marks their errors
 * as retrying. Done on the store in chunked set-based updates, in one transaction.
 */
export async function retryTargets(
  store: ApiStore,
  targets: readonly ActionTarget[],
  at: Date,
): Promise<TargetOutcome[]> {
  const couplingIds = [...new Set(targets.map((t) => t.couplingId).filter(Boolean))];
  const errorIds = targets.map((t) => t.errorId).filter((id): id is string => id !== null);
  await store.knex.transaction(async (trx) => {
    for (const part of chunks(couplingIds)) {
      await trx(tables.couplings)
        .whereIn('id', part)
        .update({ skipped: false, updated_at: at.toISOString() });
      if (errorIds.length === 0) {
        await trx(tables.errors).whereIn('coupling_id', part).update({ state: retryingState });
      }
    }
    for (const part of chunks(errorIds)) {
      await trx(tables.errors).whereIn('id', part).update({ state: retryingState });
    }
  });
  return succeeded(targets);
}

/** Dismiss: hides the errors from the open list without touching any record or coupling. */
export async function dismissTargets(
  store: ApiStore,
  targets: readonly ActionTarget[],
): Promise<TargetOutcome[]> {
  const errorIds = targets.map((t) => t.errorId).filter((id): id is string => id !== null);
  const couplingOnly = targets.filter((t) => t.errorId === null).map((t) => t.couplingId);
  await store.knex.transaction(async (trx) => {
    for (const part of chunks(errorIds)) {
      await trx(tables.errors).whereIn('id', part).update({ state: dismissedState });
    }
    for (const part of chunks(couplingOnly)) {
      await trx(tables.errors).whereIn('coupling_id', part).update({ state: dismissedState });
    }
  });
  return succeeded(targets);
}
