import type { Knex } from 'knex';
import { tables } from '../migrations/tables';
import { clampLimit, decodeCursor, toPage, type Page, type PageRequest } from '../paging/cursor';
import {
  fromJson,
  toBool,
  toJson,
  toNum,
  toNumOrNull,
  toStr,
  toStrOrNull,
  type Row,
  asRows,
} from '../rows/values';
import { RecordNotFoundError } from '../store-errors';
import type { RepositoryContext } from './context';

export type JobType = 'sync' | 'initial' | 'incremental' | 'record' | 'action' | 'dry-run';
export type JobTrigger = 'scheduled' | 'manual' | 'live' | 'admin' | 'cli';
export type JobDirection = 'erp-to-crm' | 'crm-to-erp' | 'both';
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export const jobCounterNames = [
  'inserted',
  'modified',
  'deleted',
  'unchanged',
  'skipped',
  'failed',
  'coupled',
  'uncoupled',
  'conflicts',
  'merged',
] as const;
export type JobCounterName = (typeof jobCounterNames)[number];
export type JobCounters = Record<JobCounterName, number>;

export interface Job {
  id: string;
  mappingId: string | null;
  type: JobType;
  trigger: JobTrigger;
  direction: JobDirection | null;
  dryRun: boolean;
  status: JobStatus;
  /** What the job works on beyond its mapping, e.g. record ids of a per-record or action job. */
  params: unknown;
  counters: JobCounters;
  progressDone: number;
  progressTotal: number | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  requestedBy: string | null;
  cancelRequested: boolean;
  claimedBy: string | null;
  heartbeatAt: string | null;
  /** How many times a worker claimed the job (more than 1 after crash recovery). */
  attempts: number;
  /** What the job produced beyond its counters (an action's per-target outcomes), or null. */
  result: unknown;
}

export interface NewJob {
  id?: string;
  mappingId: string | null;
  type: JobType;
  trigger: JobTrigger;
  direction?: JobDirection | null;
  dryRun?: boolean;
  params?: unknown;
  requestedBy?: string | null;
  /**
   * Start the job already running under this worker (no queue round trip), e.g. a bookkeeping
   * action the caller does itself; no other worker can claim it.
   */
  claimedBy?: string;
}

export interface JobListQuery extends PageRequest {
  mappingId?: string | undefined;
  statuses?: readonly JobStatus[] | undefined;
  trigger?: JobTrigger | undefined;
  type?: JobType | undefined;
}

export interface ClaimFilter {
  mappingId?: string;
  types?: readonly JobType[];
}

export type FinalJobStatus = Extract<JobStatus, 'succeeded' | 'failed' | 'cancelled'>;

export interface JobRepository {
  enqueue(job: NewJob): Promise<Job>;
  get(id: string): Promise<Job | null>;
  require(id: string): Promise<Job>;
  /** Newest first, keyset-paged on (createdAt, id). */
  list(query: JobListQuery): Promise<Page<Job>>;
  /** Queued or running jobs of a mapping (e.g. so the scheduler does not stack runs). */
  active(mappingId?: string): Promise<Job[]>;
  /** The most recent finished job of a mapping, or null. */
  lastFinished(mappingId: string): Promise<Job | null>;
  /**
   * Claims the oldest queued job for `worker` (running, heartbeat now, attempts + 1). Two workers
   * never claim the same job: a conditional UPDATE, with FOR UPDATE SKIP LOCKED on PostgreSQL.
   */
  claimNext(worker: string, filter?: ClaimFilter): Promise<Job | null>;
  /** Claims one given queued job; null if it is not queued any more. */
  claim(id: string, worker: string): Promise<Job | null>;
  /** Refreshes the lease; false when the job is no longer running under this worker. */
  heartbeat(id: string, worker: string): Promise<boolean>;
  /** Adds to the counters atomically (safe with several writers). */
  addCounters(id: string, delta: Partial<JobCounters>): Promise<void>;
  setProgress(id: string, done: number, total?: number | null): Promise<void>;
  /** Ends a running job; with `worker`, only if that worker still holds it. Returns whether it ended. */
  finish(
    id: string,
    status: FinalJobStatus,
    options?: { error?: string | null; worker?: string },
  ): Promise<boolean>;
  /** Cancels a queued job at once; asks a running job to stop. Returns the job. */
  requestCancel(id: string): Promise<Job>;
  /** Running jobs whose heartbeat is older than `olderThan` go back to the queue; returns their ids. */
  requeueStale(olderThan: Date): Promise<string[]>;
  /**
   * Claims a queued job, or takes over a running one whose worker is known to be gone (the
   * scale-out queue hands a job out again only after its previous attempt expired); null when the
   * job has finished.
   */
  takeOver(id: string, worker: string): Promise<Job | null>;
  /** Adds to the progress atomically (parallel chunks of one job). */
  addProgress(id: string, done: number): Promise<void>;
  /** Stores what the job produced (JSON). */
  setResult(id: string, result: unknown): Promise<void>;
}

export function toJob(r: Row): Job {
  const counters = Object.fromEntries(
    jobCounterNames.map((name) => [name, toNum(r[name])]),
  ) as JobCounters;
  return {
    id: toStr(r['id']),
    mappingId: toStrOrNull(r['mapping_id']),
    type: toStr(r['type']) as JobType,
    trigger: toStr(r['trigger']) as JobTrigger,
    direction: toStrOrNull(r['direction']) as JobDirection | null,
    dryRun: toBool(r['dry_run']),
    status: toStr(r['state']) as JobStatus,
    params: fromJson(r['params']),
    counters,
    progressDone: toNum(r['progress_done']),
    progressTotal: toNumOrNull(r['progress_total']),
    createdAt: toStr(r['created_at']),
    startedAt: toStrOrNull(r['started_at']),
    finishedAt: toStrOrNull(r['finished_at']),
    error: toStrOrNull(r['error']),
    requestedBy: toStrOrNull(r['requested_by']),
    cancelRequested: toBool(r['cancel_requested']),
    claimedBy: toStrOrNull(r['claimed_by']),
    heartbeatAt: toStrOrNull(r['heartbeat_at']),
    attempts: toNum(r['attempts']),
    result: fromJson(r['result']),
  };
}

export function createJobRepository(ctx: RepositoryContext): JobRepository {
  const { db } = ctx;
  const table = () => db(tables.jobs);

  async function get(id: string): Promise<Job | null> {
    const row = (await table().where('id', id).first()) as Row | undefined;
    return row ? toJob(row) : null;
  }
  async function require(id: string): Promise<Job> {
    const found = await get(id);
    if (!found) throw new RecordNotFoundError('Job', id);
    return found;
  }
  function claimChanges(worker: string, now: string): Row {
    return {
      state: 'running',
      claimed_by: worker,
      heartbeat_at: now,
      started_at: db.raw('coalesce(started_at, ?)', [now]),
      attempts: db.raw('attempts + 1'),
    };
  }
  async function claimWhere(
    worker: string,
    narrow: (q: Knex.QueryBuilder) => Knex.QueryBuilder,
  ): Promise<Job | null> {
    const now = ctx.now();
    const candidate = narrow(db(tables.jobs).select('id').where('state', 'queued'))
      .orderBy([
        { column: 'created_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(1);
    if (ctx.client === 'pg') candidate.forUpdate().skipLocked();
    const rows = (await table()
      .where('id', candidate)
      .andWhere('state', 'queued')
      .update(claimChanges(worker, now))
      .returning('*')) as Row[];
    const row = rows[0];
    return row ? toJob(row) : null;
  }

  return {
    async enqueue(job) {
      const now = ctx.now();
      const [row] = (await table()
        .insert({
          id: job.id ?? ctx.newId(),
          mapping_id: job.mappingId,
          type: job.type,
          trigger: job.trigger,
          direction: job.direction ?? null,
          dry_run: job.dryRun ?? false,
          params: toJson(job.params ?? null),
          requested_by: job.requestedBy ?? null,
          created_at: now,
          ...(job.claimedBy === undefined
            ? { state: 'queued' }
            : {
                state: 'running',
                claimed_by: job.claimedBy,
                started_at: now,
                heartbeat_at: now,
                attempts: 1,
              }),
        })
        .returning('*')) as Row[];
      if (!row) throw new Error('insert returned no row');
      return toJob(row);
    },
    get,
    require,
    async list(query) {
      const limit = clampLimit(query.limit);
      const q = table().select('*');
      if (query.mappingId !== undefined) q.where('mapping_id', query.mappingId);
      if (query.statuses?.length) q.whereIn('state', [...query.statuses]);
      if (query.trigger !== undefined) q.where('trigger', query.trigger);
      if (query.type !== undefined) q.where('type', query.type);
      if (query.cursor) {
        const after = decodeCursor(query.cursor);
        q.whereRaw('(created_at, id) < (?, ?)', [String(after.value ?? ''), after.id]);
      }
      const rows = (await q
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(limit + 1)) as Row[];
      return toPage(rows, limit, toJob, (r) => ({
        value: toStr(r['created_at']),
        id: toStr(r['id']),
      }));
    },
    async active(mappingId) {
      const q = table().whereIn('state', ['queued', 'running']);
      if (mappingId !== undefined) q.where('mapping_id', mappingId);
      const rows = (await q.orderBy([
        { column: 'created_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])) as Row[];
      return rows.map(toJob);
    },
    async lastFinished(mappingId) {
      const row = (await table()
        .where('mapping_id', mappingId)
        .whereIn('state', ['succeeded', 'failed', 'cancelled'])
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .first()) as Row | undefined;
      return row ? toJob(row) : null;
    },
    claimNext(worker, filter = {}) {
      return claimWhere(worker, (q) => {
        if (filter.mappingId !== undefined) q.where('mapping_id', filter.mappingId);
        if (filter.types?.length) q.whereIn('type', [...filter.types]);
        return q;
      });
    },
    claim(id, worker) {
      return claimWhere(worker, (q) => q.where('id', id));
    },
    async heartbeat(id, worker) {
      const count = await table()
        .where({ id, claimed_by: worker, state: 'running' })
        .update({ heartbeat_at: ctx.now() });
      return count > 0;
    },
    async addCounters(id, delta) {
      const changes: Row = {};
      for (const name of jobCounterNames) {
        const add = delta[name];
        if (add) changes[name] = db.raw('?? + ?', [name, add]);
      }
      if (Object.keys(changes).length === 0) return;
      await table().where('id', id).update(changes);
    },
    async setProgress(id, done, total) {
      await table()
        .where('id', id)
        .update(
          total === undefined
            ? { progress_done: done }
            : { progress_done: done, progress_total: total },
        );
    },
    async finish(id, status, options = {}) {
      const q = table().where('id', id).whereIn('state', ['queued', 'running']);
      if (options.worker !== undefined) q.where('claimed_by', options.worker);
      const count = await q.update({
        state: status,
        finished_at: ctx.now(),
        error: options.error ?? null,
      });
      return count > 0;
    },
    async requestCancel(id) {
      const now = ctx.now();
      await table()
        .where({ id, state: 'queued' })
        .update({ state: 'cancelled', cancel_requested: true, finished_at: now });
      await table().where({ id, state: 'running' }).update({ cancel_requested: true });
      return require(id);
    },
    async requeueStale(olderThan) {
      const rows = asRows(
        await table()
          .where('state', 'running')
          .andWhere((w) => {
            void w.where('heartbeat_at', '<', olderThan.toISOString()).orWhereNull('heartbeat_at');
          })
          .update({ state: 'queued', claimed_by: null, heartbeat_at: null })
          .returning('id'),
      );
      return rows.map((r) => toStr(r['id']));
    },
    async takeOver(id, worker) {
      const rows = asRows(
        await table()
          .where('id', id)
          .whereIn('state', ['queued', 'running'])
          .update(claimChanges(worker, ctx.now()))
          .returning('*'),
      );
      const row = rows[0];
      return row ? toJob(row) : null;
    },
    async addProgress(id, done) {
      if (done === 0) return;
      await table()
        .where('id', id)
        .update({ progress_done: db.raw('progress_done + ?', [done]) });
    },
    async setResult(id, result) {
      await table()
        .where('id', id)
        .update({ result: toJson(result) });
    },
  };
}
