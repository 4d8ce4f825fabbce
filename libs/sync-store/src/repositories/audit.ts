import { tables } from '../migrations/tables';
import { clampLimit, decodeCursor, toPage, type Page, type PageRequest } from '../paging/cursor';
import { fromJson, toJson, toNum, toStr, toStrOrNull, type Row, asRows } from '../rows/values';
import type { RepositoryContext } from './context';

/** 'noop': the action applied to nothing (e.g. cancelling a job that had already finished). */
export type AuditOutcome = 'succeeded' | 'partial' | 'failed' | 'refused' | 'noop';

/** One admin action: who, when, what, on how many records, and how it went. */
export interface AuditEntry {
  id: string;
  at: string;
  username: string;
  role: string | null;
  action: string;
  /** The filter or a summary of the ids the action was applied to. */
  target: string;
  recordCount: number;
  outcome: AuditOutcome;
  details: unknown;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at' | 'role' | 'details'> & {
  at?: string;
  role?: string | null;
  details?: unknown;
};

export interface AuditQuery extends PageRequest {
  username?: string | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export interface AuditRepository {
  append(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Newest first, keyset-paged on (at, id). */
  list(query: AuditQuery): Promise<Page<AuditEntry>>;
}

function toEntry(r: Row): AuditEntry {
  return {
    id: toStr(r['id']),
    at: toStr(r['at']),
    username: toStr(r['actor']),
    role: toStrOrNull(r['actor_role']),
    action: toStr(r['action']),
    target: toStr(r['target']),
    recordCount: toNum(r['record_count']),
    outcome: toStr(r['outcome']) as AuditOutcome,
    details: fromJson(r['details']),
  };
}

export function createAuditRepository(ctx: RepositoryContext): AuditRepository {
  const table = () => ctx.db(tables.audit);
  return {
    async append(entry) {
      const [row] = asRows(
        await table()
          .insert({
            at: entry.at ?? ctx.now(),
            actor: entry.username,
            actor_role: entry.role ?? null,
            action: entry.action,
            target: entry.target,
            record_count: entry.recordCount,
            outcome: entry.outcome,
            details: toJson(entry.details ?? null),
          })
          .returning('*'),
      );
      if (!row) throw new Error('insert returned no row');
      return toEntry(row);
    },
    async list(query) {
      const limit = clampLimit(query.limit);
      const q = table().select('*');
      if (query.username !== undefined) q.where('actor', query.username);
      if (query.action !== undefined) q.where('action', query.action);
      if (query.from !== undefined) q.where('at', '>=', query.from);
      if (query.to !== undefined) q.where('at', '<', query.to);
      if (query.cursor) {
        const after = decodeCursor(query.cursor);
        q.whereRaw('(at, id) < (?, ?)', [String(after.value ?? ''), Number(after.id)]);
      }
      const rows = (await q
        .orderBy([
          { column: 'at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(limit + 1)) as Row[];
      return toPage(rows, limit, toEntry, (r) => ({ value: toStr(r['at']), id: toStr(r['id']) }));
    },
  };
}
