import type { AuditOutcome } from '@twinsync/sync-store';
import type { ActiveSession, ApiContext } from '../context';
import { writeAudit } from '../queries/audit';

export interface AuditedRun<T> {
  result: T;
  recordCount: number;
  outcome: AuditOutcome;
  details?: unknown;
}

/**
 * Runs one admin action and writes exactly one audit entry for it (who, what, on what, how many
 * records, outcome) — also when the action throws, in which case the outcome is `failed` and the
 * error is rethrown.
 */
export async function audited<T>(
  ctx: ApiContext & { session: ActiveSession },
  what: { action: string; target: string },
  run: () => Promise<AuditedRun<T>>,
): Promise<T> {
  const { store } = ctx.deps;
  const { username: actor, role: actorRole } = ctx.session.user;
  let done: AuditedRun<T>;
  try {
    done = await run();
  } catch (error) {
    await writeAudit(store, {
      actor,
      actorRole,
      action: what.action,
      target: what.target,
      recordCount: 0,
      outcome: 'failed',
      details: { error: error instanceof Error ? error.message : String(error) },
    });
    throw error;
  }
  await writeAudit(store, {
    actor,
    actorRole,
    action: what.action,
    target: what.target,
    recordCount: done.recordCount,
    outcome: done.outcome,
    details: done.details ?? null,
  });
  return done.result;
}
