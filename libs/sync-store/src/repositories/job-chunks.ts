import { tables } from '../migrations/tables';
import { asRows, fromJson, toNum, toStr, toStrOrNull, type Row } from '../rows/values';
import { inTransaction, type RepositoryContext } from './context';

export type JobChunkState = 'pending' | 'running' | 'done' | 'failed';

/** One slice of a partitioned job: the ERP ids it covers and how far it has committed. */
export interface JobChunk {
  id: string;
  jobId: string;
  seq: number;
  ids: string[];
  total: number;
  /** Ids before this index are committed; a resumed chunk starts here. */
  cursor: number;
  state: JobChunkState;
  claimedBy: string | null;
  attempts: number;
  error: string | null;
  updatedAt: string;
}

export interface JobChunkRepository {
  /**
   * Creates the chunks of a job (seq 0, 1, …), all pending, in one transaction, with the ERP
   * change token as of the listing they were cut from; returns them in order.
   */
  createMany(
    jobId: string,
    slices: readonly (readonly string[])[],
    erpToken?: string | null,
  ): Promise<JobChunk[]>;
  listByJob(jobId: string): Promise<JobChunk[]>;
  /** The ERP change token stored with a job's chunks; null without chunks or token. */
  erpTokenOf(jobId: string): Promise<string | null>;
  /** The chunks of a job without their ids (cheap to poll). */
  statesByJob(jobId: string): Promise<Omit<JobChunk, 'ids'>[]>;
  get(id: string): Promise<JobChunk | null>;
  /** pending or running (a dead worker's) → running under `worker`; null when done or failed. */
  claim(id: string, worker: string): Promise<JobChunk | null>;
  /** Records the committed cursor; false when another worker holds the chunk now. */
  advance(id: string, worker: string, cursor: number): Promise<boolean>;
  /** Whether `worker` still holds the running chunk (a conditional UPDATE: a row lock in a transaction). */
  holds(id: string, worker: string): Promise<boolean>;
  finish(
    id: string,
    worker: string,
    state: 'done' | 'failed',
    error?: string | null,
  ): Promise<boolean>;
  /** Fails a chunk whoever holds it (no worker could finish it). */
  abandon(id: string, error: string): Promise<void>;
}

function toChunk(r: Row): JobChunk {
  return {
    id: toStr(r['id']),
    jobId: toStr(r['job_id']),
    seq: toNum(r['seq']),
    ids: fromJson<string[]>(r['ids']) ?? [],
    total: toNum(r['total']),
    cursor: toNum(r['cursor']),
    state: toStr(r['state']) as JobChunkState,
    claimedBy: toStrOrNull(r['claimed_by']),
    attempts: toNum(r['attempts']),
    error: toStrOrNull(r['error']),
    updatedAt: toStr(r['updated_at']),
  };
}

export function createJobChunkRepository(ctx: RepositoryContext): JobChunkRepository {
  const { db } = ctx;
  const table = () => db(tables.jobChunks);
  return {
    async createMany(jobId, slices, erpToken = null) {
      const now = ctx.now();
      const rows = slices.map((ids, seq) => ({
        id: ctx.newId(),
        job_id: jobId,
        seq,
        ids: JSON.stringify(ids),
        total: ids.length,
        cursor: 0,
        state: 'pending',
        updated_at: now,
        erp_token: erpToken,
      }));
      // All or none: a coordinator taken over must not resume a part of the listing (the ids of
      // the missing chunks would be older than the token and never read). Chunks of 2,000 ids are
      // ~80 KB each; a few rows per insert keeps statements small.
      await inTransaction(ctx, async (trx) => {
        for (let i = 0; i < rows.length; i += 20) {
          await trx(tables.jobChunks).insert(rows.slice(i, i + 20));
        }
      });
      return rows.map(toChunk);
    },
    async listByJob(jobId) {
      const rows = (await table().where('job_id', jobId).orderBy('seq', 'asc')) as Row[];
      return rows.map(toChunk);
    },
    async erpTokenOf(jobId) {
      const row = (await table().select('erp_token').where({ job_id: jobId, seq: 0 }).first()) as
        Row | undefined;
      return row ? toStrOrNull(row['erp_token']) : null;
    },
    async statesByJob(jobId) {
      const rows = (await table()
        .select(
          'id',
          'job_id',
          'seq',
          'total',
          'cursor',
          'state',
          'claimed_by',
          'attempts',
          'error',
          'updated_at',
        )
        .where('job_id', jobId)
        .orderBy('seq', 'asc')) as Row[];
      return rows.map((r) => {
        const { ids: _ids, ...rest } = toChunk(r);
        return rest;
      });
    },
    async get(id) {
      const row = (await table().where('id', id).first()) as Row | undefined;
      return row ? toChunk(row) : null;
    },
    async claim(id, worker) {
      const rows = asRows(
        await table()
          .where('id', id)
          .whereIn('state', ['pending', 'running'])
          .update({
            state: 'running',
            claimed_by: worker,
            attempts: db.raw('attempts + 1'),
            updated_at: ctx.now(),
          })
          .returning('*'),
      );
      const row = rows[0];
      return row ? toChunk(row) : null;
    },
    async advance(id, worker, cursor) {
      const count = await table()
        .where({ id, claimed_by: worker, state: 'running' })
        .update({ cursor, updated_at: ctx.now() });
      return count > 0;
    },
    async holds(id, worker) {
      const count = await table()
        .where({ id, claimed_by: worker, state: 'running' })
        .update({ updated_at: ctx.now() });
      return count > 0;
    },
    async finish(id, worker, state, error) {
      const count = await table()
        .where({ id, claimed_by: worker, state: 'running' })
        .update({ state, error: error ?? null, updated_at: ctx.now() });
      return count > 0;
    },
    async abandon(id, error) {
      await table()
        .where('id', id)
        .whereIn('state', ['pending', 'running'])
        .update({ state: 'failed', error, updated_at: ctx.now() });
    },
  };
}
