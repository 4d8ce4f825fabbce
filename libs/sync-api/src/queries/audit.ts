import type { ApiStore } from '../store';
import { isoOf, num, parseJson, rowsOf, str } from './row-values';
import { tables } from './tables';
import { decodeCursor, encodeCursor } from './keyset-cursor';

export interface AuditEntryInput {
  actor: string;
  action: string;
  /** What the action was applied to, in words or ids (e.g. "errors matching {kind: conflict}"). */
  target: string;
  recordCount: number;
  /** succeeded | partial | failed | refused */
  outcome: string;
  details: unknown;
  at: Date;
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  action: string;
  target: string;
  recordCount: number;
  outcome: string;
  details: unknown;
}

export async function writeAudit(store: ApiStore, entry: AuditEntryInput): Promise<string> {
  const inserted = rowsOf(
    await store.knex(tables.audit).insert(
      {
        actor: entry.actor,
        action: entry.action,
        target: entry.target,
        record_count: entry.recordCount,
        outcome: entry.outcome,
        details: JSON.stringify(entry.details ?? null),
        at: entry.at.toISOString(),
      },
      ['id'],
    ),
  )[0];
  return inserted ? str(inserted, 'id') : '';
}

export async function listAudit(
  store: ApiStore,
  input: {
    actor?: string | undefined;
    action?: string | undefined;
    limit: number;
    cursor?: string | null | undefined;
  },
): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  const query = store.knex(tables.audit).select('*');
  if (input.actor) query.where('actor', input.actor);
  if (input.action) query.where('action', input.action);
  if (input.cursor) {
    const after = decodeCursor(input.cursor);
    query.where((w) => {
      w.where('at', '<', after.value ?? '').orWhere((eq) => {
        eq.where('at', '=', after.value ?? '').andWhere('id', '<', after.id);
      });
    });
  }
  const rows = rowsOf(
    await query
      .orderBy([
        { column: 'at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(input.limit + 1),
  );
  const items = rows.slice(0, input.limit).map((r) => ({
    id: str(r, 'id'),
    at: isoOf(r, 'at'),
    actor: str(r, 'actor'),
    action: str(r, 'action'),
    target: str(r, 'target'),
    recordCount: num(r, 'record_count'),
    outcome: str(r, 'outcome'),
    details: parseJson(r['details']),
  }));
  const last = rows[input.limit - 1];
  return {
    items,
    nextCursor:
      rows.length > input.limit && last
        ? encodeCursor({ value: str(last, 'at'), id: str(last, 'id') })
        : null,
  };
}
