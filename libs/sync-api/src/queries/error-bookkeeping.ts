import type { ActionTarget, TargetOutcome } from '../ports';
import type { ApiStore } from '../store';

function succeeded(targets: readonly ActionTarget[]): TargetOutcome[] {
  return targets.map((t) => ({
    couplingId: t.couplingId || null,
    errorId: t.errorId,
    status: 'succeeded',
    message: null,
  }));
}

/**
 * Runs a store-only action as a job of its own, so that bulk retries and dismissals appear in the
 * jobs list with their record count like every other admin action.
 */
async function asJob(
  store: ApiStore,
  request: { action: 'retry' | 'dismiss'; targets: readonly ActionTarget[]; requestedBy: string },
  run: () => Promise<void>,
): Promise<string> {
  const mappingId = await mappingOf(store, request.targets);
  const worker = 'sync-api';
  const job = await store.jobs.enqueue({
    mappingId,
    type: 'action',
    trigger: 'admin',
    params: { kind: 'action', action: { type: request.action }, count: request.targets.length },
    requestedBy: request.requestedBy,
    claimedBy: worker,
  });
  await store.jobs.setProgress(job.id, 0, request.targets.length);
  try {
    await run();
  } catch (error) {
    await store.jobs.finish(job.id, 'failed', {
      worker,
      error: error instanceof Error ? error.message : String(error),
    });
    throw error;
  }
  await store.jobs.setProgress(job.id, request.targets.length, request.targets.length);
  await store.jobs.finish(job.id, 'succeeded', { worker });
  return job.id;
}

/** The mapping all targets belong to, or null when they span several (or none). */
async function mappingOf(
  store: ApiStore,
  targets: readonly ActionTarget[],
): Promise<string | null> {
  const first = targets.find((t) => t.errorId) ?? targets[0];
  if (!first) return null;
  if (first.errorId) return (await store.errors.get(first.errorId))?.mappingId ?? null;
  return (await store.couplings.get(first.couplingId))?.mappingId ?? null;
}

/**
 * Retry: clears Skipped on the couplings so the next run includes them, and closes their errors
 * (resolution `retried`); a record that fails again gets a new error. Set-based, chunked updates.
 */
export async function retryTargets(
  store: ApiStore,
  targets: readonly ActionTarget[],
  requestedBy: string,
): Promise<{ jobId: string; outcomes: TargetOutcome[] }> {
  const couplingIds = [...new Set(targets.map((t) => t.couplingId).filter(Boolean))];
  const errorIds = targets.flatMap((t) => (t.errorId ? [t.errorId] : []));
  const bare = targets.filter((t) => !t.errorId && t.couplingId).map((t) => t.couplingId);
  const jobId = await asJob(store, { action: 'retry', targets, requestedBy }, async () => {
    const resolution = { resolution: 'retried', resolvedBy: requestedBy };
    await store.transaction(async (tx) => {
      await tx.couplings.setSkipped(couplingIds, false);
      await tx.errors.resolveByIds(errorIds, resolution);
      await tx.errors.resolveByCouplingIds(bare, resolution);
    });
  });
  return { jobId, outcomes: succeeded(targets) };
}

/** Dismiss: closes the errors (resolution `dismissed`) without touching any record or coupling. */
export async function dismissTargets(
  store: ApiStore,
  targets: readonly ActionTarget[],
  requestedBy: string,
): Promise<{ jobId: string; outcomes: TargetOutcome[] }> {
  const errorIds = targets.flatMap((t) => (t.errorId ? [t.errorId] : []));
  const bare = targets.filter((t) => !t.errorId && t.couplingId).map((t) => t.couplingId);
  const jobId = await asJob(store, { action: 'dismiss', targets, requestedBy }, async () => {
    const resolution = { resolution: 'dismissed', resolvedBy: requestedBy };
    await store.transaction(async (tx) => {
      await tx.errors.resolveByIds(errorIds, resolution);
      await tx.errors.resolveByCouplingIds(bare, resolution);
    });
  });
  return { jobId, outcomes: succeeded(targets) };
}
