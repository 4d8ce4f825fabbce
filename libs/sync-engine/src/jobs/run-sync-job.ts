import type { Coupling } from '@twinsync/sync-store';
import { chunksOf } from '../adapters/app-errors';
import type { AppRecord, Side } from '../ports';
import { entityOf, otherSide, type JobContext } from './job-context';
import { fencedTransaction } from './commit';
import { createBatchPipeline, readAhead } from './pipeline';
import { prepareBatch, processBatch, type Candidate } from './process-batch';

export type RunDirection = 'erp-to-crm' | 'crm-to-erp' | 'both';

export interface SyncJobPlan {
  direction: RunDirection;
  /** Read everything (ignore change tokens) and sweep for deletions. */
  full: boolean;
  /** Sweep for deletions (ids only) after reading the changes. */
  sweep?: boolean;
  /**
   * Read ERP changes from this token, even in a full run: a partitioned first sync's chunks read
   * every record listed before it (scale/partitioned-sync.ts).
   */
  erpFrom?: string;
}

/** States of couplings that a run retries (unless Skipped). */
export const retryStates = ['failed', 'pending', 'conflict', 'deleted-in-erp', 'deleted-in-crm'];

export interface BatchSettings {
  /** Records per processing batch (one coupling lookup, one read and one write round per side). */
  batchSize: number;
  newId: () => string;
}

function candidateFor(
  origin: Side,
  coupling: Coupling | null,
  record: AppRecord | null,
): Candidate {
  const other = otherSide(origin);
  const c: Candidate = { coupling, origin };
  c[origin] = record;
  // Uncoupled: nothing to read on the other side (matching may still find a twin).
  c[other] = coupling && (other === 'erp' ? coupling.erpId : coupling.crmId) ? undefined : null;
  return c;
}

function touchedBy(c: Coupling, jobId: string): boolean {
  return c.lastJobIdToCrm === jobId || c.lastJobIdToErp === jobId;
}

/**
 * Whether a record changed in `origin` holds nothing to sync: the domain, asked with the other
 * side at the agreed values, decides `unchanged` (so fields that do not flow from this side, e.g.
 * one-way fields, do not count).
 */
function holdsNothingNew(ctx: JobContext, c: Coupling, origin: Side, record: AppRecord): boolean {
  const base = c.base;
  if (!base) return false;
  const values = ctx.mapping.toCanonical(origin, record.raw);
  const decision = ctx.domain.decide({
    mapping: ctx.mapping,
    base,
    erp: origin === 'erp' ? values : base,
    crm: origin === 'crm' ? values : base,
    allowed: { toErp: true, toCrm: true },
    erpModifiedAt: null,
    crmModifiedAt: null,
  });
  return decision.type === 'unchanged';
}

/**
 * What a change reported by `origin` needs:
 * - `skip`: this run already wrote or decided on this very version (or the pair failed in this
 *   run: not twice in one run), or it is the recorded version and holds nothing new;
 * - `adopt`: a version we have not recorded (e.g. of a record we created without getting it back)
 *   that holds nothing new — only its version is stored, the twin is not read;
 * - `process`: anything else, e.g. a user edit made after our write; always looked at again.
 */
function triage(
  ctx: JobContext,
  c: Coupling,
  origin: Side,
  record: AppRecord,
): 'skip' | 'adopt' | 'process' {
  const touched = touchedBy(c, ctx.jobId);
  if (touched && c.state !== 'coupled') return 'skip';
  if (c.state !== 'coupled' || !c.base || record.etag === '') return 'process';
  const recorded = origin === 'erp' ? c.erpVersion : c.crmVersion;
  if (record.etag === recorded && touched) return 'skip';
  if (!holdsNothingNew(ctx, c, origin, record)) return 'process';
  return record.etag === recorded ? 'skip' : 'adopt';
}

/**
 * Two batches' `$batch` writes in flight at once: the app starts the next one the moment it
 * answered the last, instead of waiting while this process builds, sends and parses requests.
 */
const writesInFlight = 2;

/**
 * Pages of changes of one side since its token; the token advances after each committed page.
 * Pipelined (jobs/pipeline.ts): the next page is fetched and the next batch read and decided
 * while earlier batches' writes are in flight and the batch before them commits.
 */
async function processChanges(
  ctx: JobContext,
  origin: Side,
  full: boolean,
  s: BatchSettings,
  from?: string,
) {
  const { mapping } = ctx;
  const token =
    from ?? (full ? null : ((await ctx.store.watermarks.get(mapping.id, origin))?.token ?? null));
  const pipeline = createBatchPipeline({ writesInFlight });
  /** Ids of the batches not committed yet: a record reported again right after must see its outcome. */
  let inFlight: ReadonlySet<string>[] = [];
  try {
    for await (const page of readAhead(
      ctx.apps[origin].changes(entityOf(mapping, origin), token),
    )) {
      const items: { id: string; record: AppRecord | null }[] = [
        ...page.upserts.map((record) => ({ id: record.id, record })),
        ...page.deletions.map((id) => ({ id, record: null })),
      ];
      const chunks = chunksOf(items, s.batchSize);
      if (chunks.length === 0) chunks.push([]);
      for (const [index, chunk] of chunks.entries()) {
        const last = index === chunks.length - 1;
        const token =
          last && page.token !== undefined ? { side: origin, value: page.token } : undefined;
        await ctx.checkpoint();
        if (chunk.some((i) => inFlight.some((ids) => ids.has(i.id)))) await pipeline.drain();
        const { candidates, adopted } = await candidatesOf(ctx, origin, chunk);
        const prepared = await prepareBatch(ctx, candidates, s.newId, token);
        await pipeline.submit(
          () => prepared.send(),
          async (sent) => {
            // In the commit stage, before the token: the next chunk is read and triaged meanwhile,
            // and a crash before the token's commit adopts these versions again (idempotent).
            if (adopted.length > 0) {
              await fencedTransaction(ctx, (tx) => tx.couplings.setVersions(origin, adopted));
            }
            return sent.commit();
          },
        );
        inFlight = [...inFlight.slice(-writesInFlight), new Set(chunk.map((i) => i.id))];
      }
    }
    await pipeline.drain();
  } catch (error) {
    await pipeline.settle();
    throw error;
  }
}

/**
 * The candidates of one chunk of changes (couplings looked up in one query, then triaged), and
 * the versions to adopt with the chunk's commit (none in a dry run).
 */
async function candidatesOf(
  ctx: JobContext,
  origin: Side,
  chunk: readonly { id: string; record: AppRecord | null }[],
): Promise<{ candidates: Candidate[]; adopted: { id: string; version: string }[] }> {
  const couplings = await ctx.store.couplings.findManyByRecordIds(
    ctx.mapping.id,
    origin,
    chunk.map((i) => i.id),
  );
  const byId = new Map(couplings.map((c) => [origin === 'erp' ? c.erpId : c.crmId, c]));
  const candidates: Candidate[] = [];
  const adopted: { id: string; version: string }[] = [];
  for (const item of chunk) {
    const coupling = byId.get(item.id) ?? null;
    if (coupling?.skipped) {
      ctx.counters.skipped += 1;
      continue;
    }
    if (coupling && item.record) {
      const verdict = triage(ctx, coupling, origin, item.record);
      if (verdict === 'skip') continue;
      if (verdict === 'adopt') {
        adopted.push({ id: coupling.id, version: item.record.etag });
        continue;
      }
    }
    if (!item.record && !coupling) continue;
    candidates.push(candidateFor(origin, coupling, item.record));
  }
  return { candidates, adopted: ctx.dryRun ? [] : adopted };
}

/** Couplings that failed earlier (or whose create is unfinished) and are not Skipped. */
async function processRetryable(ctx: JobContext, s: BatchSettings) {
  let after: string | null = null;
  for (;;) {
    await ctx.checkpoint();
    const page = await ctx.extras.couplingsInStates(
      ctx.mapping.id,
      retryStates,
      after,
      s.batchSize,
    );
    if (page.length === 0) return;
    after = page.at(-1)?.id ?? null;
    const fresh = page.filter((c) => !c.skipped && !touchedBy(c, ctx.jobId));
    await processBatch(
      ctx,
      fresh.map((c) => ({
        coupling: c,
        origin: 'erp' as const,
        erp: c.erpId ? undefined : null,
        crm: c.crmId ? undefined : null,
      })),
      s.newId,
    );
    if (page.length < s.batchSize) return;
  }
}

/**
 * Reconcile sweep (full runs): the ids of every record of one side, then the couplings whose
 * record is not among them are candidates as "deleted on that side". Only ids are held in memory.
 */
async function sweepDeletions(ctx: JobContext, side: Side, s: BatchSettings) {
  const entity = entityOf(ctx.mapping, side);
  const existing = new Set<string>();
  for await (const ids of ctx.apps[side].listIds(entity)) for (const id of ids) existing.add(id);
  for await (const page of ctx.store.couplings.scan(ctx.mapping.id, s.batchSize)) {
    await ctx.checkpoint();
    const gone = page.filter((c) => {
      const id = side === 'erp' ? c.erpId : c.crmId;
      const known = id !== null && c.base !== null && !c.skipped;
      // Already looked at in this run (e.g. retried above): once per run is enough.
      return known && !touchedBy(c, ctx.jobId) && !existing.has(id);
    });
    if (gone.length === 0) continue;
    const other = otherSide(side);
    await processBatch(
      ctx,
      gone.map((c) => {
        const candidate: Candidate = { coupling: c, origin: other };
        candidate[side] = null;
        candidate[other] = undefined;
        return candidate;
      }),
      s.newId,
    );
  }
}

/** One sync run of a mapping: ERP→CRM changes, then CRM→ERP, then earlier failures, then sweeps (full or sweep runs). */
export async function runSyncJob(ctx: JobContext, plan: SyncJobPlan, s: BatchSettings) {
  // Only couplings that existed before this run can have lost a record: a first sync (none yet)
  // skips the sweep and its listing of every id of both apps.
  const sweep =
    (plan.full || plan.sweep === true) &&
    (await ctx.store.couplings.list({ mappingId: ctx.mapping.id, limit: 1 })).items.length > 0;
  const origins: Side[] = [];
  if (plan.direction !== 'crm-to-erp' && ctx.allowed.toCrm) origins.push('erp');
  if (plan.direction !== 'erp-to-crm' && ctx.allowed.toErp) origins.push('crm');
  for (const origin of origins) {
    await processChanges(ctx, origin, plan.full, s, origin === 'erp' ? plan.erpFrom : undefined);
  }
  await processRetryable(ctx, s);
  if (sweep) {
    for (const side of ['erp', 'crm'] as const) await sweepDeletions(ctx, side, s);
  }
}
