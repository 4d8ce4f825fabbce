import type { JobChunk } from '@twinsync/sync-store';
import { chunksOf } from '../adapters/app-errors';
import { entityOf, type JobContext } from '../jobs/job-context';
import { processBatch, type Candidate } from '../jobs/process-batch';
import type { BatchSettings } from '../jobs/run-sync-job';
import { JobCancelledError, type PartitionChannel } from '../queue/job-queue';
import { LeaseLostError } from '../queue/pg-boss-queue';

/** How a large first sync is split (scale-out mode, ADR 013). */
export interface PartitionSettings {
  /** ERP ids per chunk (default 2,000). */
  chunkSize: number;
  /** Fewer ERP records than this run in one piece as usual (default 2 chunks' worth). */
  minRecords: number;
  /** How often the coordinator looks at its chunks (default 500 ms). */
  pollMs: number;
}

export const defaultPartitionSettings: PartitionSettings = {
  chunkSize: 2000,
  minRecords: 4000,
  pollMs: 500,
};

/**
 * Whether a run may hand its ERP side to chunks: a run that writes to the CRM and reads every ERP
 * record anyway — a full run, or a first sync (no ERP change token and no couplings yet).
 */
export async function partitionable(ctx: JobContext, full: boolean): Promise<boolean> {
  if (ctx.dryRun || !ctx.allowed.toCrm) return false;
  if (full) return true;
  const token = await ctx.store.watermarks.get(ctx.mapping.id, 'erp');
  if (token) return false;
  const any = await ctx.store.couplings.list({ mappingId: ctx.mapping.id, limit: 1 });
  return any.items.length === 0;
}

/** A partitioned job's chunks and the ERP change token as of the listing they were cut from. */
export interface PreparedChunks {
  chunks: JobChunk[];
  /**
   * Where the job's own pass starts reading ERP changes: every record changed after the listing
   * (the chunks read the rest by id). Null when the app gives no such token (read everything).
   */
  erpToken: string | null;
}

/**
 * The chunks of this job: those created by an earlier attempt of it (a coordinator that died),
 * with the token stored beside them, or new ones from the ERP's ids, listed once (ids only, with
 * the change token as of the listing when the app gives one). No chunks when the ERP holds too
 * few records.
 */
export async function prepareChunks(
  ctx: JobContext,
  settings: PartitionSettings,
): Promise<PreparedChunks> {
  const existing = await ctx.store.jobChunks.listByJob(ctx.jobId);
  if (existing.length > 0) {
    return { chunks: existing, erpToken: await ctx.store.jobChunks.erpTokenOf(ctx.jobId) };
  }
  const entity = entityOf(ctx.mapping, 'erp');
  const erp = ctx.apps.erp;
  const ids: string[] = [];
  let erpToken: string | null = null;
  const pages = erp.listIdsWithToken
    ? erp.listIdsWithToken(entity)
    : mapPages(erp.listIds(entity), (page) => ({ ids: page, token: null }));
  for await (const page of pages) {
    await ctx.checkpoint();
    ids.push(...page.ids);
    erpToken = page.token;
  }
  if (ids.length < settings.minRecords) return { chunks: [], erpToken: null };
  // In id order: each chunk, and each batch of it, is then one key range of the ERP's records.
  const slices = chunksOf([...new Set(ids)].sort(), settings.chunkSize);
  return { chunks: await ctx.store.jobChunks.createMany(ctx.jobId, slices, erpToken), erpToken };
}

async function* mapPages<T, U>(pages: AsyncIterable<T>, fn: (page: T) => U): AsyncGenerator<U> {
  for await (const page of pages) yield fn(page);
}

/**
 * Processes one chunk from its committed cursor: per batch, the ERP records (one key range where
 * the app can read one) and their couplings,
 * then the engine's own `processBatch` (read twins, match, decide, write, commit), then the cursor.
 * A crash between a batch's commit and its cursor re-runs that batch, which is safe (ADR 004).
 */
export async function processChunk(
  ctx: JobContext,
  chunk: JobChunk,
  worker: string,
  s: BatchSettings,
): Promise<void> {
  const entity = entityOf(ctx.mapping, 'erp');
  let cursor = chunk.cursor;
  while (cursor < chunk.ids.length) {
    await ctx.checkpoint();
    const ids = chunk.ids.slice(cursor, cursor + s.batchSize);
    const erp = ctx.apps.erp;
    const [records, couplings] = await Promise.all([
      erp.getManyInRange ? erp.getManyInRange(entity, ids) : erp.getMany(entity, ids),
      ctx.store.couplings.findManyByRecordIds(ctx.mapping.id, 'erp', ids),
    ]);
    const byId = new Map(couplings.map((c) => [c.erpId, c]));
    const candidates: Candidate[] = [];
    for (const id of ids) {
      const record = records.get(id);
      const coupling = byId.get(id) ?? null;
      // Gone since the listing: the coordinator's own run (its sweep) looks at it.
      if (!record || coupling?.skipped) continue;
      candidates.push({
        coupling,
        origin: 'erp',
        erp: record,
        crm: coupling?.crmId ? undefined : null,
      });
    }
    await processBatch(ctx, candidates, s.newId);
    cursor += ids.length;
    if (!(await ctx.store.jobChunks.advance(chunk.id, worker, cursor))) {
      throw new LeaseLostError(ctx.jobId);
    }
  }
}

export class ChunkFailedError extends Error {
  override readonly name = 'ChunkFailedError';
}

/**
 * Hands the unfinished chunks to the workers and waits until every chunk is done, beating through
 * `checkpoint` (a cancel stops the wait; the chunks see it too). Throws when a chunk failed, after
 * the others settled (nothing of this job runs after it ended).
 */
export async function awaitChunks(
  ctx: JobContext,
  chunks: readonly JobChunk[],
  channel: PartitionChannel,
  settings: PartitionSettings,
): Promise<void> {
  const open = chunks.filter((c) => c.state === 'pending' || c.state === 'running');
  await channel.dispatch(
    ctx.jobId,
    open.map((c) => c.id),
  );
  let stopped: Error | null = null;
  for (;;) {
    if (stopped === null) {
      try {
        await ctx.checkpoint();
      } catch (error) {
        // Cancelled (or this worker stops): the chunks see it too; wait until they have stopped.
        stopped = error instanceof Error ? error : new Error(String(error));
      }
    }
    const states = await ctx.store.jobChunks.statesByJob(ctx.jobId);
    const unsettled = states.filter((c) => c.state === 'pending' || c.state === 'running');
    if (stopped !== null && (unsettled.length === 0 || !cancelled(stopped))) throw stopped;
    if (unsettled.length === 0) {
      const failed = states.find((c) => c.state === 'failed');
      // Chunks stopped by a cancel the coordinator's (throttled) checkpoint has not seen yet.
      if (failed && (await ctx.store.jobs.get(ctx.jobId))?.cancelRequested) {
        throw new JobCancelledError(ctx.jobId);
      }
      if (failed) {
        throw new ChunkFailedError(
          `Chunk ${failed.seq + 1} of ${states.length} failed: ${failed.error ?? 'unknown error'}`,
        );
      }
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, settings.pollMs));
  }
}

/** A cancelled job waits for its chunks; a worker that stops or lost the job does not. */
function cancelled(error: Error): boolean {
  return error instanceof JobCancelledError;
}
