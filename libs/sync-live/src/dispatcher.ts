import type { EngineMapping } from '@twinsync/sync-engine';
import type { ChangeToQueue, Coupling, QueuedChange, Store } from '@twinsync/sync-store';
import { liveRequester, type EngineLogger, type LiveEngine } from './ports';
import { messageOf, recentLags, type LiveStats } from './stats';

export interface DispatcherOptions {
  store: Store;
  engine: LiveEngine;
  now: () => Date;
  stats: LiveStats;
  logger: EngineLogger;
  /** Due entries taken per mapping at once. */
  takeLimit: number;
  /** More records than this in one take: one incremental job instead of per-record jobs. */
  recordJobLimit: number;
  /** A failed per-record job is queued again once, this much later. */
  retryDelayMs: number;
  /** Whether the mapping is live right now (entries of other mappings are dropped). */
  isLive(mappingId: string): boolean;
  /** Enqueues one incremental job of the mapping unless one is already waiting. */
  runIncremental(mappingId: string): Promise<void>;
}

interface Work {
  key: string;
  side: 'erp' | 'crm';
  recordId: string;
  coupling: Coupling | null;
  entries: QueuedChange[];
}

/**
 * Turns due change-queue entries into syncs. Per mapping, entries are taken (one DELETE …
 * RETURNING) only while the mapping has no queued or running job, so a live sync never runs beside
 * another job of the same mapping — and the engine's queue runs one job per mapping at a time
 * anyway. The records are read in one batched call per side; echoes of our own writes (the version
 * the coupling recorded) and records gone without a coupling are dropped; what is left runs as
 * per-record jobs (one per coupling, however many notices it had), or as one incremental job when
 * there are many.
 */
export function createDispatcher(options: DispatcherOptions) {
  const { store, engine, stats, logger } = options;
  const busy = new Map<string, Promise<void>>();

  const definition = (mappingId: string): EngineMapping | undefined =>
    engine.mappings.find((m) => m.id === mappingId);

  async function works(mapping: EngineMapping, due: readonly QueuedChange[]): Promise<Work[]> {
    const counters = stats.of(mapping.id);
    const out = new Map<string, Work>();
    for (const side of ['erp', 'crm'] as const) {
      const entries = due.filter((d) => d.side === side);
      if (entries.length === 0) continue;
      const ids = [...new Set(entries.map((e) => e.recordId))];
      const entity = side === 'erp' ? mapping.erpEntity : mapping.crmEntity;
      const [records, couplings] = await Promise.all([
        engine.apps[side].getMany(entity, ids),
        store.couplings.findManyByRecordIds(mapping.id, side, ids),
      ]);
      const byRecord = new Map(couplings.map((c) => [side === 'erp' ? c.erpId : c.crmId, c]));
      for (const id of ids) {
        const coupling = byRecord.get(id) ?? null;
        const record = records.get(id) ?? null;
        const mine = entries.filter((e) => e.recordId === id);
        const recorded = coupling
          ? side === 'erp'
            ? coupling.erpVersion
            : coupling.crmVersion
          : null;
        const echo = record !== null && record.etag !== '' && record.etag === recorded;
        if ((!record && !coupling) || echo || coupling?.skipped) {
          counters.echoesSkipped += 1;
          continue;
        }
        const key = coupling ? `coupling:${coupling.id}` : `${side}:${id}`;
        const existing = out.get(key);
        if (existing) existing.entries.push(...mine);
        else out.set(key, { key, side, recordId: id, coupling, entries: mine });
      }
    }
    return [...out.values()];
  }

  async function requeue(work: Work) {
    if (work.entries.every((e) => e.reason === 'retry')) return;
    const dueAt = new Date(options.now().getTime() + options.retryDelayMs).toISOString();
    const again: ChangeToQueue[] = work.entries.map((e) => ({
      mappingId: e.mappingId,
      side: e.side,
      recordId: e.recordId,
      reason: 'retry',
      dueAt,
    }));
    await store.changeQueue.enqueue(again);
  }

  async function syncOne(mapping: EngineMapping, work: Work) {
    const counters = stats.of(mapping.id);
    const request = work.coupling
      ? { mapping: mapping.id, couplingId: work.coupling.id }
      : work.side === 'erp'
        ? { mapping: mapping.id, erpId: work.recordId }
        : { mapping: mapping.id, crmId: work.recordId };
    let ok = false;
    try {
      const result = await engine.syncRecord({ ...request, requestedBy: liveRequester });
      ok = result.status === 'succeeded';
      if (!ok) logger.warn({ jobId: result.jobId, error: result.error }, 'live record sync failed');
    } catch (error) {
      logger.warn({ err: error, mappingId: mapping.id }, 'live record sync could not run');
    }
    const now = options.now();
    if (ok) {
      counters.recordSyncs += 1;
      counters.lastSyncedAt = now.toISOString();
      const first = Math.min(...work.entries.map((e) => Date.parse(e.enqueuedAt)));
      counters.lastSyncLagMs = Math.max(0, now.getTime() - first);
      counters.recentLagsMs.push(counters.lastSyncLagMs);
      if (counters.recentLagsMs.length > recentLags) counters.recentLagsMs.shift();
    } else {
      counters.failedSyncs += 1;
      await requeue(work);
    }
  }

  async function process(mapping: EngineMapping) {
    const due = await store.changeQueue.takeDue(options.takeLimit, mapping.id);
    if (due.length === 0) return;
    if (!options.isLive(mapping.id)) return;
    let list: Work[];
    try {
      list = await works(mapping, due);
    } catch (error) {
      // The apps could not be read: keep the entries for a later try.
      stats.of(mapping.id).failedSyncs += 1;
      logger.warn({ err: error, mappingId: mapping.id }, 'live changes could not be read');
      await store.changeQueue.enqueue(
        due.map((d) => ({
          ...d,
          dueAt: new Date(options.now().getTime() + options.retryDelayMs).toISOString(),
        })),
      );
      return;
    }
    if (list.length > options.recordJobLimit) {
      await options.runIncremental(mapping.id);
      return;
    }
    for (const work of list) await syncOne(mapping, work);
  }

  return {
    /**
     * One pass: starts the work of every mapping that has due entries, is not busy here and has
     * no job queued or running. Returns at once; `settled()` waits for the started work.
     */
    async tick(): Promise<void> {
      if ((await store.changeQueue.count()) === 0) return;
      for (const mapping of engine.mappings) {
        if (busy.has(mapping.id)) continue;
        if ((await store.jobs.active(mapping.id)).length > 0) continue;
        const run = process(mapping)
          .catch((error: unknown) => {
            stats.of(mapping.id).failedSyncs += 1;
            logger.error(
              { err: error, mappingId: mapping.id, message: messageOf(error) },
              'live dispatch failed',
            );
          })
          .finally(() => busy.delete(mapping.id));
        busy.set(mapping.id, run);
      }
    },
    definition,
    async settled(): Promise<void> {
      await Promise.all([...busy.values()]);
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
