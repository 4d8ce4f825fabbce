import type { Knex } from 'knex';
import { tables } from '../migrations/tables';
import type { Side } from '../model/snapshot';
import { chunkSizeFor, chunked } from '../rows/chunks';
import { toNum, toStr, type Row, asRows } from '../rows/values';
import { inTransaction, type RepositoryContext } from './context';

/** A record that changed and is due for a small per-record sync (debounced). */
export interface QueuedChange {
  id: number;
  mappingId: string;
  side: Side;
  recordId: string;
  /** e.g. 'webhook' | 'delta' | 'retry'. */
  reason: string;
  enqueuedAt: string;
  dueAt: string;
}

export interface ChangeToQueue {
  mappingId: string;
  side: Side;
  recordId: string;
  reason: string;
  dueAt: string;
}

export interface ChangeQueueRepository {
  /**
   * Queues records; a record already queued keeps one entry whose due time moves to the new one
   * (debounce). One statement per chunk in one transaction. Returns how many were given.
   */
  enqueue(changes: readonly ChangeToQueue[]): Promise<number>;
  /**
   * Removes and returns up to `limit` entries due at or before `now` (oldest due first). On
   * PostgreSQL the rows are locked with SKIP LOCKED, so concurrent takers get disjoint sets.
   */
  takeDue(limit: number, mappingId?: string): Promise<QueuedChange[]>;
  count(mappingId?: string): Promise<number>;
}

/** knex's SQLite dialect drops RETURNING from DELETE, so the statement is written out. */
async function sqliteDeleteReturning(
  ctx: RepositoryContext,
  ids: Knex.QueryBuilder,
): Promise<Row[]> {
  const { sql, bindings } = ids.toSQL();
  return asRows(
    await ctx.db.raw(`delete from ?? where id in (${sql}) returning *`, [
      tables.changeQueue,
      ...bindings,
    ]),
  );
}

function toChange(r: Row): QueuedChange {
  return {
    id: toNum(r['id']),
    mappingId: toStr(r['mapping_id']),
    side: toStr(r['side']) as Side,
    recordId: toStr(r['record_id']),
    reason: toStr(r['reason']),
    enqueuedAt: toStr(r['enqueued_at']),
    dueAt: toStr(r['due_at']),
  };
}

export function createChangeQueueRepository(ctx: RepositoryContext): ChangeQueueRepository {
  const table = () => ctx.db(tables.changeQueue);
  return {
    async enqueue(changes) {
      if (changes.length === 0) return 0;
      const now = ctx.now();
      const byKey = new Map<string, Row>();
      for (const c of changes) {
        byKey.set(`${c.mappingId}|${c.side}|${c.recordId}`, {
          mapping_id: c.mappingId,
          side: c.side,
          record_id: c.recordId,
          reason: c.reason,
          enqueued_at: now,
          due_at: c.dueAt,
        });
      }
      await inTransaction(ctx, async (trx) => {
        for (const part of chunked([...byKey.values()], chunkSizeFor(6))) {
          await trx(tables.changeQueue)
            .insert(part)
            .onConflict(['mapping_id', 'side', 'record_id'])
            .merge(['reason', 'due_at']);
        }
      });
      return changes.length;
    },
    async takeDue(limit, mappingId) {
      // One DELETE … RETURNING: atomic on both databases, no read-then-write transaction.
      const due = ctx.db(tables.changeQueue).select('id').where('due_at', '<=', ctx.now());
      if (mappingId !== undefined) due.where('mapping_id', mappingId);
      due
        .orderBy([
          { column: 'due_at', order: 'asc' },
          { column: 'id', order: 'asc' },
        ])
        .limit(limit);
      if (ctx.client === 'pg') due.forUpdate().skipLocked();
      const rows =
        ctx.client === 'pg'
          ? asRows(await table().whereIn('id', due).delete().returning('*'))
          : await sqliteDeleteReturning(ctx, due);
      return rows
        .map(toChange)
        .sort((a, b) => (a.dueAt === b.dueAt ? a.id - b.id : a.dueAt < b.dueAt ? -1 : 1));
    },
    async count(mappingId) {
      const q = table();
      if (mappingId !== undefined) q.where('mapping_id', mappingId);
      const [row] = asRows(await q.count({ n: '*' }));
      return toNum(row?.['n']);
    },
  };
}
