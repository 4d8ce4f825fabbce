import type { Coupling } from '@twinsync/sync-store';
import { AppRequestError, toAppError } from '../adapters/app-errors';
import type { AppError, AppRecord, Side, WriteOp } from '../ports';
import { addInto, sumCounters } from './counters';
import { commitResults, fencedTransaction } from './commit';
import { finalize } from './finalize';
import { entityOf, otherSide, type JobContext } from './job-context';
import { decideAndPlan } from './plan';
import { findMatches } from './match-index';
import type { RecordResult } from './results';
import { newWork, type Work } from './work';

/** A record (or coupling) that should be looked at in this run. */
export interface Candidate {
  coupling: Coupling | null;
  origin: Side;
  /** undefined = read it through the coupling; null = known to be gone. */
  erp?: AppRecord | null | undefined;
  crm?: AppRecord | null | undefined;
}

const sides: readonly Side[] = ['erp', 'crm'];

/**
 * Per job: records (`side:id`) matched by a batch that has not committed yet. They are no match
 * for another batch prepared meanwhile: the store shows them as coupled only after that commit.
 */
const reservations = new WeakMap<JobContext, Set<string>>();

function reservedOf(ctx: JobContext): Set<string> {
  let set = reservations.get(ctx);
  if (!set) reservations.set(ctx, (set = new Set()));
  return set;
}

/** The id a work item knows for one side: the record's, else the coupling's. */
function idOf(w: Work, side: Side): string {
  return side === 'erp'
    ? (w.erp?.id ?? w.coupling?.erpId ?? '')
    : (w.crm?.id ?? w.coupling?.crmId ?? '');
}

async function fetchSide(
  ctx: JobContext,
  side: Side,
  ids: readonly string[],
): Promise<Map<string, AppRecord> | AppError> {
  if (ids.length === 0) return new Map();
  try {
    return await ctx.apps[side].getMany(entityOf(ctx.mapping, side), ids);
  } catch (error) {
    return error instanceof AppRequestError ? error.appError : toAppError(error);
  }
}

/** Fills the records not given: one batched read per side for the whole batch. */
async function fillRecords(ctx: JobContext, works: Work[], wanted: Map<Work, Set<Side>>) {
  await Promise.all(
    sides.map(async (side) => {
      const need = works.filter((w) => wanted.get(w)?.has(side));
      const ids = need.map((w) => idOf(w, side));
      const found = await fetchSide(ctx, side, ids.filter(Boolean));
      need.forEach((w, i) => {
        if (!(found instanceof Map)) {
          w.failure = found;
          return;
        }
        const record = found.get(ids[i] ?? '') ?? null;
        if (side === 'erp') w.erp = record;
        else w.crm = record;
      });
    }),
  );
}

/** Couples uncoupled records to existing records with equal match-field values. */
async function matchExisting(ctx: JobContext, works: Work[]): Promise<string[]> {
  const { mapping } = ctx;
  const reserved: string[] = [];
  const loose = works.filter((w) => w.coupling === null && !w.failure);
  if (loose.length === 0 || mapping.matchFields.length === 0) return reserved;
  for (const origin of sides) {
    const target = otherSide(origin);
    const group = loose.filter((w) => w.origin === origin && (origin === 'erp' ? w.erp : w.crm));
    for (const field of mapping.matchFields) {
      const pending = group.filter((w) => (target === 'erp' ? w.erp : w.crm) === null);
      const originField = mapping.rawField(origin, field);
      const targetField = mapping.rawField(target, field);
      if (pending.length === 0 || !originField || !targetField) continue;
      const keyOf = (w: Work) => {
        const value = (origin === 'erp' ? w.erp : w.crm)?.raw[originField];
        return typeof value === 'string' && value !== '' ? value : null;
      };
      const values = pending.map(keyOf).filter((v): v is string => v !== null);
      if (values.length === 0) continue;
      let found: AppRecord[];
      try {
        found = await findMatches(ctx, target, targetField, values);
      } catch (error) {
        const failure = error instanceof AppRequestError ? error.appError : toAppError(error);
        for (const w of pending) w.failure = failure;
        return reserved;
      }
      if (found.length === 0) continue;
      // A record already coupled to something else is not a match.
      const taken = new Set(
        (
          await ctx.store.couplings.findManyByRecordIds(
            mapping.id,
            target,
            found.map((r) => r.id),
          )
        ).map((c) => (target === 'erp' ? c.erpId : c.crmId)),
      );
      const byValue = new Map<string, AppRecord>();
      for (const record of found) {
        const value = record.raw[targetField];
        const free = !taken.has(record.id) && !reservedOf(ctx).has(`${target}:${record.id}`);
        if (typeof value === 'string' && free && !byValue.has(value)) byValue.set(value, record);
      }
      for (const w of pending) {
        const key = keyOf(w);
        const match = key === null ? undefined : byValue.get(key);
        if (!match) continue;
        byValue.delete(key ?? '');
        if (target === 'erp') w.erp = match;
        else w.crm = match;
        const reservation = `${target}:${match.id}`;
        reservedOf(ctx).add(reservation);
        reserved.push(reservation);
      }
    }
  }
  return reserved;
}

/** Writes both sides side by side; when one fails, the other is still awaited (no stray write). */
async function send(ctx: JobContext, works: Work[], batch: number) {
  await settleAll(
    sides.map(async (side) => {
      const withOp = works.filter((w) => w.ops[side] !== undefined);
      if (withOp.length === 0) return;
      const ops = withOp.map((w) => w.ops[side] as WriteOp);
      const outcomes = await ctx.apps[side].write(entityOf(ctx.mapping, side), ops);
      withOp.forEach((w, i) => {
        const outcome = outcomes[i];
        if (outcome) w.outcomes[side] = outcome;
      });
      await ctx.hooks.afterSideWrites?.({ jobId: ctx.jobId, batch, side });
    }),
  );
}

async function settleAll(tasks: readonly Promise<void>[]): Promise<void> {
  const settled = await Promise.allSettled(tasks);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Before a create is sent, its planned id (and ERP number) is remembered with the coupling. */
async function rememberPlannedCreates(ctx: JobContext, works: Work[]) {
  const rows = works.flatMap((w) => {
    const side = sides.find((s) => w.ops[s]?.type === 'create');
    if (!side) return [];
    const planned = w.ops[side]?.id ?? null;
    const c = w.coupling;
    // A restore replaces the deleted record's id only once the create succeeded.
    if (c?.base) return [];
    return [
      {
        ...c,
        id: w.couplingId,
        mappingId: ctx.mapping.id,
        erpId: side === 'erp' ? planned : (w.erp?.id ?? c?.erpId ?? null),
        crmId: side === 'crm' ? planned : (w.crm?.id ?? c?.crmId ?? null),
        base: null,
        state: 'pending',
        recordNumber: w.plannedNumber ?? c?.recordNumber ?? null,
      },
    ];
  });
  if (rows.length > 0) await fencedTransaction(ctx, (tx) => tx.couplings.writeMany(rows));
}

function isVersionMismatch(w: Work): boolean {
  return sides.some((s) => {
    const o = w.outcomes[s];
    return o !== undefined && !o.ok && o.error.kind === 'version-mismatch';
  });
}

/** Builds the work items of a batch and reads the twins not given (one batched read per side). */
export async function loadWorks(
  ctx: JobContext,
  candidates: readonly Candidate[],
  newId: () => string,
): Promise<Work[]> {
  const works: Work[] = [];
  const wanted = new Map<Work, Set<Side>>();
  for (const c of candidates) {
    const w = newWork(
      c.coupling?.id ?? newId(),
      c.coupling,
      c.origin,
      c.erp ?? null,
      c.crm ?? null,
    );
    const need = new Set<Side>();
    if (c.erp === undefined && c.coupling?.erpId) need.add('erp');
    if (c.crm === undefined && c.coupling?.crmId) need.add('crm');
    wanted.set(w, need);
    works.push(w);
  }
  await fillRecords(ctx, works, wanted);
  for (const w of works) {
    // A never-synced pair is driven by the side that exists (e.g. a pending create's source).
    const originRecord = w.origin === 'erp' ? w.erp : w.crm;
    if (!w.coupling?.base && !originRecord) w.origin = otherSide(w.origin);
  }
  return works;
}

/**
 * Sends the planned writes of decided work items and commits their outcomes in one transaction.
 * `replan` (sync runs) re-reads and re-decides, once, the pairs a user changed meanwhile (409/412).
 */
export async function executeWorks(
  ctx: JobContext,
  works: Work[],
  replan: ((w: Work) => void) | null,
  token?: { side: Side; value: string },
): Promise<RecordResult[]> {
  return (await sendWorks(ctx, works, replan)).commit(token);
}

/** A batch whose writes the apps answered; its outcomes are not committed yet. */
export interface SentBatch {
  /** Commits the outcomes (and the change token) in one transaction; at most once. */
  commit(token?: { side: Side; value: string }): Promise<RecordResult[]>;
}

/**
 * The write half of `executeWorks`: planned creates remembered (unless `remembered`: a prepared
 * batch did that already), then the `$batch` writes of both sides, then one re-read and re-decide
 * for pairs changed meanwhile. Later batches' writes may start before this one's commit (see
 * jobs/pipeline.ts): a crash in between loses those commits, and the next run repeats those
 * batches without duplicates (planned creates are remembered before any write, every update and
 * delete is conditional).
 */
export async function sendWorks(
  ctx: JobContext,
  works: Work[],
  replan: ((w: Work) => void) | null,
  remembered = false,
): Promise<SentBatch> {
  ctx.batches += 1;
  const batch = ctx.batches;
  if (!ctx.dryRun) {
    if (!remembered) await rememberPlannedCreates(ctx, works);
    // A worker that lost its job (e.g. it froze past its heartbeats) sends nothing more.
    await ctx.fence?.(ctx.store);
    await ctx.hooks.beforeWrites?.({ jobId: ctx.jobId, batch });
    await send(ctx, works, batch);
    const again = replan ? works.filter(isVersionMismatch) : [];
    if (replan && again.length > 0) {
      const reread = new Map<Work, Set<Side>>();
      for (const w of again) {
        w.retried = true;
        reread.set(w, new Set(sides.filter((s) => idOf(w, s) !== '')));
      }
      await fillRecords(ctx, again, reread);
      for (const w of again) if (!w.failure) replan(w);
      await rememberPlannedCreates(ctx, again);
      await send(ctx, again, batch);
    }
  }
  return {
    async commit(token) {
      const info = { jobId: ctx.jobId, batch };
      const results = works.map((w) => finalize(ctx, w));
      if (!ctx.dryRun) {
        await ctx.hooks.afterWrites?.(info);
        await commitResults(ctx, results, token);
        await ctx.hooks.afterCommit?.(info);
      } else {
        await commitPreview(ctx, results);
      }
      for (const r of results) addInto(ctx.counters, r.counters);
      ctx.processed += results.length;
      ctx.onBatch(results);
      return results;
    },
  };
}

/**
 * Processes one batch of candidates (the caller looked their couplings up in one query): one
 * batched read per side for missing twins, match-based coupling, decisions, `$batch` writes per
 * side, one re-read and re-decide for pairs changed meanwhile, then one transaction.
 */
export async function processBatch(
  ctx: JobContext,
  candidates: readonly Candidate[],
  newId: () => string,
  token?: { side: Side; value: string },
): Promise<RecordResult[]> {
  return (await prepareBatch(ctx, candidates, newId, token)).execute();
}

/** A batch read and decided, whose writes and commit have not started yet. */
export interface PreparedBatch {
  /** Sends the batch's writes (at most once); the result commits them. */
  send(): Promise<SentBatch>;
  /** Sends the batch's writes and commits their outcomes (and the token). */
  execute(): Promise<RecordResult[]>;
}

/**
 * The first half of `processBatch`: batched reads, match-based coupling, decisions, and the
 * planned creates remembered in the store (pending couplings). Nothing is written to the apps or
 * committed until `send`, so the next batch may be prepared while this one's writes are in flight
 * (see jobs/pipeline.ts). Records matched here stay reserved until this
 * batch committed, so a batch prepared meanwhile cannot couple the same record a second time.
 */
export async function prepareBatch(
  ctx: JobContext,
  candidates: readonly Candidate[],
  newId: () => string,
  token?: { side: Side; value: string },
): Promise<PreparedBatch> {
  if (candidates.length === 0) {
    const sent: SentBatch = {
      async commit() {
        if (token && !ctx.dryRun) {
          await fencedTransaction(ctx, (tx) =>
            tx.watermarks.set(ctx.mapping.id, token.side, token.value),
          );
        }
        return [];
      },
    };
    return { send: () => Promise.resolve(sent), execute: () => sent.commit() };
  }
  const works = await loadWorks(ctx, candidates, newId);
  const reserved = ctx.matchExisting ? await matchExisting(ctx, works) : [];
  const release = () => {
    for (const key of reserved) reservedOf(ctx).delete(key);
  };
  const plan = (w: Work) => decideAndPlan(ctx, w);
  for (const w of works) if (!w.failure) plan(w);
  // Remembered now, while the previous batch's writes are in flight: the store's connection is
  // free then, and this batch's writes can start the moment the previous ones are answered.
  if (!ctx.dryRun) {
    try {
      await rememberPlannedCreates(ctx, works);
    } catch (error) {
      release();
      throw error;
    }
  }
  const sendOnce = async (): Promise<SentBatch> => {
    let sent: SentBatch;
    try {
      sent = await sendWorks(ctx, works, plan, true);
    } catch (error) {
      release();
      throw error;
    }
    return {
      async commit() {
        try {
          return await sent.commit(token);
        } finally {
          release();
        }
      },
    };
  };
  return {
    send: sendOnce,
    execute: async () => (await sendOnce()).commit(),
  };
}

/** A dry run stores only the job's preview: one history row per record, nothing else. */
async function commitPreview(ctx: JobContext, results: RecordResult[]) {
  const limit = 10_000;
  for (const r of results) if (ctx.previews.length < limit) ctx.previews.push(r.preview);
  await ctx.store.history.insertMany(
    results
      .filter((r) => r.preview.action !== 'none')
      .map((r) => ({
        mappingId: ctx.mapping.id,
        couplingId: null,
        erpId: r.preview.erpId,
        crmId: r.preview.crmId,
        jobId: ctx.jobId,
        at: ctx.now().toISOString(),
        direction: null,
        outcome: `preview:${r.preview.action}`,
        before: null,
        after: null,
        changedFields: r.preview.fields,
        message: r.preview.message,
      })),
  );
  await ctx.store.jobs.addCounters(ctx.jobId, sumCounters(results));
}
