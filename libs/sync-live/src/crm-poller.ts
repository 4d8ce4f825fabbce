import { ValidationError, type CrmClient } from '@twinsync/connectors';
import type { EngineMapping } from '@twinsync/sync-engine';
import type { ChangeToQueue, Store } from '@twinsync/sync-store';
import { crmDeltaKey, type EngineLogger } from './ports';
import type { LiveStats } from './stats';

export interface CrmPollerOptions {
  store: Store;
  crm: CrmClient;
  now: () => Date;
  debounceMs: number;
  /** More changes than this in one poll: one incremental job instead of per-record entries. */
  maxChangesPerPoll: number;
  stats: LiveStats;
  logger: EngineLogger;
  /** Too many changes, or the delta link was refused: the caller runs an incremental job. */
  onOverflow(mappingId: string): Promise<void>;
}

export type PollOutcome =
  | { kind: 'baseline' }
  | { kind: 'changes'; queued: number }
  | { kind: 'overflow'; changes: number }
  | { kind: 'reset' };

/**
 * Light CRM change tracking per mapping, apart from the engine's: its own delta link (only the key
 * column is selected) kept in the store's `webhookSubscriptions` under `crm-delta:<mapping>` — a
 * pull subscription — so the engine's CRM watermark `(mapping, 'crm')` is never touched. The first
 * poll only takes a baseline link; later polls queue the ids that changed (deletions included) and
 * store the new link in the same transaction.
 */
export function createCrmPoller(options: CrmPollerOptions) {
  const { store, crm, stats } = options;

  async function readAll(entity: string, deltaLink: string | undefined) {
    const key = crm.keyOf(entity);
    const ids = new Set<string>();
    let next: string | undefined;
    for await (const page of crm.trackChanges(entity, {
      select: [key],
      ...(deltaLink === undefined ? {} : { deltaLink }),
    })) {
      for (const record of page.upserts) {
        const id = record[key];
        if (typeof id === 'string') ids.add(id);
      }
      for (const id of page.deletions) ids.add(id);
      if (page.deltaLink !== undefined) next = page.deltaLink;
    }
    return { ids, next };
  }

  async function saveLink(mappingId: string, entity: string, link: string) {
    await store.webhookSubscriptions.save({
      id: crmDeltaKey(mappingId),
      resource: entity,
      subscriptionId: null,
      clientState: '',
      notificationUrl: link,
      expiresAt: null,
    });
  }

  async function poll(mapping: EngineMapping): Promise<PollOutcome> {
    const counters = stats.of(mapping.id);
    const entity = mapping.crmEntity;
    const row = await store.webhookSubscriptions.get(crmDeltaKey(mapping.id));
    const link = row?.notificationUrl || undefined;
    try {
      const { ids, next } = await readAll(entity, link);
      counters.lastPollAt = options.now().toISOString();
      counters.pollError = null;
      if (next === undefined) throw new Error(`The CRM gave no delta link for ${entity}.`);
      if (link === undefined) {
        await saveLink(mapping.id, entity, next);
        return { kind: 'baseline' };
      }
      if (ids.size > options.maxChangesPerPoll) {
        await options.onOverflow(mapping.id);
        await saveLink(mapping.id, entity, next);
        return { kind: 'overflow', changes: ids.size };
      }
      if (ids.size > 0) counters.lastCrmChangeAt = counters.lastPollAt;
      const dueAt = new Date(options.now().getTime() + options.debounceMs).toISOString();
      const changes: ChangeToQueue[] = [...ids].map((recordId) => ({
        mappingId: mapping.id,
        side: 'crm',
        recordId,
        reason: 'delta',
        dueAt,
      }));
      await store.transaction(async (tx) => {
        await tx.changeQueue.enqueue(changes);
        await tx.webhookSubscriptions.save({
          id: crmDeltaKey(mapping.id),
          resource: entity,
          subscriptionId: null,
          clientState: '',
          notificationUrl: next,
          expiresAt: null,
        });
      });
      return { kind: 'changes', queued: changes.length };
    } catch (error) {
      counters.pollError = error instanceof Error ? error.message : String(error);
      if (error instanceof ValidationError && link !== undefined) {
        // The CRM refused the link (e.g. it was reset): start over from a baseline, and let an
        // incremental job pick up whatever changed meanwhile.
        options.logger.warn({ mappingId: mapping.id }, 'CRM delta link refused; new baseline');
        await store.webhookSubscriptions.delete(crmDeltaKey(mapping.id));
        await options.onOverflow(mapping.id);
        return { kind: 'reset' };
      }
      throw error;
    }
  }

  return { poll };
}

export type CrmPoller = ReturnType<typeof createCrmPoller>;
