import { tables } from '../migrations/tables';
import type { RecordDirection, SnapshotValues } from '../model/snapshot';
import { writeRows } from '../rows/bulk';
import { clampLimit, decodeCursor, toPage, type Page, type PageRequest } from '../paging/cursor';
import { fromJson, toJson, toNum, toStr, toStrOrNull, type Row, asRows } from '../rows/values';
import { inTransaction, type RepositoryContext } from './context';

/** One per-record event of a sync run: what happened, and the values before and after. */
export interface HistoryEvent {
  id: string;
  couplingId: string | null;
  mappingId: string;
  erpId: string | null;
  crmId: string | null;
  jobId: string | null;
  at: string;
  direction: RecordDirection | null;
  /** e.g. 'inserted' | 'modified' | 'deleted' | 'unchanged' | 'coupled' | 'failed' | 'conflict' … */
  outcome: string;
  before: SnapshotValues | null;
  after: SnapshotValues | null;
  changedFields: string[];
  message: string | null;
}

export type NewHistoryEvent = Pick<HistoryEvent, 'mappingId' | 'outcome'> &
  Partial<Omit<HistoryEvent, 'mappingId' | 'outcome'>>;

/** Whose log: a coupling, or an ERP / CRM record of a mapping (also after its coupling is gone). */
export type HistorySubject =
  | { couplingId: string }
  | { mappingId: string; erpId: string }
  | { mappingId: string; crmId: string };

export interface HistoryRepository {
  /** Appends events, one INSERT per chunk in one transaction. Returns how many were written. */
  insertMany(events: readonly NewHistoryEvent[]): Promise<number>;
  /** The log of one record, newest first, keyset-paged on (at, id). */
  listForRecord(subject: HistorySubject, page: PageRequest): Promise<Page<HistoryEvent>>;
  /** The records a job touched, in the order written, keyset-paged on id. */
  listForJob(
    jobId: string,
    page: PageRequest & { outcome?: string | undefined },
  ): Promise<Page<HistoryEvent>>;
  countForJob(jobId: string): Promise<Record<string, number>>;
}

function toEvent(r: Row): HistoryEvent {
  const changed = fromJson<unknown>(r['changed_fields']);
  return {
    id: toStr(r['id']),
    couplingId: toStrOrNull(r['coupling_id']),
    mappingId: toStr(r['mapping_id']),
    erpId: toStrOrNull(r['erp_id']),
    crmId: toStrOrNull(r['crm_id']),
    jobId: toStrOrNull(r['job_id']),
    at: toStr(r['at']),
    direction: toStrOrNull(r['direction']) as RecordDirection | null,
    outcome: toStr(r['outcome']),
    before: fromJson<SnapshotValues>(r['before']),
    after: fromJson<SnapshotValues>(r['after']),
    changedFields: Array.isArray(changed) ? changed.map(String) : [],
    message: toStrOrNull(r['message']),
  };
}

export function createHistoryRepository(ctx: RepositoryContext): HistoryRepository {
  const { db } = ctx;
  const table = () => db(tables.history);

  return {
    async insertMany(events) {
      if (events.length === 0) return 0;
      const now = ctx.now();
      const rows = events.map((e) => ({
        id: e.id ?? ctx.newId(),
        coupling_id: e.couplingId ?? null,
        mapping_id: e.mappingId,
        erp_id: e.erpId ?? null,
        crm_id: e.crmId ?? null,
        job_id: e.jobId ?? null,
        at: e.at ?? now,
        direction: e.direction ?? null,
        outcome: e.outcome,
        before: toJson(e.before ?? null),
        after: toJson(e.after ?? null),
        changed_fields: toJson(e.changedFields ?? null),
        message: e.message ?? null,
      }));
      return inTransaction(ctx, (trx) => writeRows(trx, tables.history, rows));
    },
    async listForRecord(subject, page) {
      const limit = clampLimit(page.limit);
      const q = table().select('*');
      if ('couplingId' in subject) q.where('coupling_id', subject.couplingId);
      else {
        // A record no longer coupled: its removed couplings name the events (migration 008).
        const removed = db(tables.removedCouplings)
          .select('coupling_id')
          .where('mapping_id', subject.mappingId);
        if ('erpId' in subject) removed.where('erp_id', subject.erpId);
        else removed.where('crm_id', subject.crmId);
        q.whereIn('coupling_id', removed);
      }
      if (page.cursor) {
        const after = decodeCursor(page.cursor);
        q.whereRaw('(at, id) < (?, ?)', [String(after.value ?? ''), after.id]);
      }
      const rows = (await q
        .orderBy([
          { column: 'at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(limit + 1)) as Row[];
      return toPage(rows, limit, toEvent, (r) => ({ value: toStr(r['at']), id: toStr(r['id']) }));
    },
    async listForJob(jobId, page) {
      const limit = clampLimit(page.limit);
      const q = table().select('*').where('job_id', jobId);
      if (page.outcome !== undefined) q.where('outcome', page.outcome);
      if (page.cursor) q.where('id', '>', decodeCursor(page.cursor).id);
      const rows = (await q.orderBy('id').limit(limit + 1)) as Row[];
      return toPage(rows, limit, toEvent, (r) => ({ value: null, id: toStr(r['id']) }));
    },
    async countForJob(jobId) {
      const rows = asRows(
        await table().select('outcome').count({ n: '*' }).where('job_id', jobId).groupBy('outcome'),
      );
      return Object.fromEntries(rows.map((r) => [toStr(r['outcome']), toNum(r['n'])]));
    },
  };
}
