import type { AuditOutcome } from '@twinsync/sync-store';
import type { Role } from '../auth/roles';
import type { ApiStore } from '../store';

export interface AuditEntryInput {
  actor: string;
  actorRole: Role;
  action: string;
  /** What the action was applied to, in words or ids (e.g. "errors matching {kind: conflict}"). */
  target: string;
  recordCount: number;
  outcome: AuditOutcome;
  details: unknown;
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  role: string | null;
  action: string;
  target: string;
  recordCount: number;
  /** succeeded | partial | failed | refused | noop */
  outcome: string;
  details: unknown;
}

export async function writeAudit(store: ApiStore, entry: AuditEntryInput): Promise<string> {
  const stored = await store.audit.append({
    username: entry.actor,
    role: entry.actorRole,
    action: entry.action,
    target: entry.target,
    recordCount: entry.recordCount,
    outcome: entry.outcome,
    details: entry.details ?? null,
  });
  return stored.id;
}

export async function listAudit(
  store: ApiStore,
  input: {
    actor?: string | undefined;
    action?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    limit: number;
    cursor?: string | null | undefined;
  },
): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  const page = await store.audit.list({
    username: input.actor,
    action: input.action,
    from: input.from ? new Date(input.from).toISOString() : undefined,
    to: input.to ? new Date(input.to).toISOString() : undefined,
    limit: input.limit,
    cursor: input.cursor ?? null,
  });
  return {
    items: page.items.map((e) => ({
      id: e.id,
      at: e.at,
      actor: e.username,
      role: e.role,
      action: e.action,
      target: e.target,
      recordCount: e.recordCount,
      outcome: e.outcome,
      details: e.details,
    })),
    nextCursor: page.nextCursor,
  };
}
