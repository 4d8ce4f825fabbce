import type { ChangeEvent } from '../services/change-events';
import type { FetchFn } from './handshake';
import { collectionResource, recordResource } from './resource';
import type { Subscription } from './subscriptions';

export interface Notification {
  subscriptionId: string;
  clientState: string;
  expirationDateTime: string;
  resource: string;
  changeType: 'created' | 'updated' | 'deleted' | 'collection';
  lastModifiedDateTime: string;
}

export interface NotifierStats {
  notificationsQueued: number;
  deliveriesSucceeded: number;
  deliveriesFailed: number;
  deliveriesDropped: number;
}

export interface NotifierDeps {
  fetch: FetchFn;
  /** Valid subscriptions right now (expired ones are left out). */
  subscriptions: () => Subscription[];
  isActive: (s: Subscription) => boolean;
  /** How long changes are collected before one POST per subscription (BC: about 30 s). */
  delayMs: number;
  /** Delivery attempts after the first failure, waiting retryBaseMs · 2^n between them. */
  maxRetries: number;
  retryBaseMs: number;
  /** Above this many changes in one delivery, BC sends a single `collection` notification. */
  collectionThreshold: number;
  timeoutMs: number;
}

/**
 * Batches change events per subscription and POSTs `{"value":[...]}` to each notification URL,
 * retrying with exponential backoff when the receiver fails. `close()` cancels every timer and
 * in-flight delivery.
 */
export function createNotifier(deps: NotifierDeps) {
  const pending = new Map<string, Notification[]>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const flushTimers = new Map<string, ReturnType<typeof setTimeout>>();
  const aborter = new AbortController();
  const stats: NotifierStats = {
    notificationsQueued: 0,
    deliveriesSucceeded: 0,
    deliveriesFailed: 0,
    deliveriesDropped: 0,
  };
  let closed = false;

  function later(ms: number, fn: () => void) {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
    return t;
  }

  function notify(changes: readonly ChangeEvent[]) {
    if (closed || changes.length === 0) return;
    for (const s of deps.subscriptions()) {
      const matching = changes.filter(
        (c) => c.companyId === s.target.companyId && c.entitySet === s.target.entitySet,
      );
      if (matching.length === 0) continue;
      const queue = pending.get(s.subscriptionId) ?? [];
      for (const c of matching) {
        queue.push({
          subscriptionId: s.subscriptionId,
          clientState: s.clientState,
          expirationDateTime: s.expirationDateTime,
          resource: recordResource(c.companyId, c.entitySet, c.id),
          changeType: c.changeType,
          lastModifiedDateTime: c.lastModifiedDateTime,
        });
      }
      stats.notificationsQueued += matching.length;
      pending.set(s.subscriptionId, queue);
      if (!flushTimers.has(s.subscriptionId)) {
        flushTimers.set(
          s.subscriptionId,
          later(deps.delayMs, () => flush(s)),
        );
      }
    }
  }

  function flush(s: Subscription) {
    flushTimers.delete(s.subscriptionId);
    const items = pending.get(s.subscriptionId) ?? [];
    pending.delete(s.subscriptionId);
    if (items.length === 0 || !deps.isActive(s)) return;
    const value =
      items.length > deps.collectionThreshold
        ? [
            {
              ...items[0]!,
              resource: collectionResource(s.target.companyId, s.target.entitySet),
              changeType: 'collection' as const,
              // BC: "lastModifiedDateTime" of a collection notification is the earliest change.
              lastModifiedDateTime: items.reduce(
                (min, n) => (n.lastModifiedDateTime < min ? n.lastModifiedDateTime : min),
                items[0]!.lastModifiedDateTime,
              ),
            },
          ]
        : items;
    void deliver(s, value, 0);
  }

  async function deliver(s: Subscription, value: Notification[], attempt: number): Promise<void> {
    if (closed) return;
    if (!deps.isActive(s)) {
      stats.deliveriesDropped++;
      return;
    }
    let ok = false;
    try {
      const response = await deps.fetch(s.notificationUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ value }),
        signal: AbortSignal.any([aborter.signal, AbortSignal.timeout(deps.timeoutMs)]),
      });
      await response.arrayBuffer().catch(() => undefined);
      ok = response.status >= 200 && response.status < 300;
    } catch {
      ok = false;
    }
    if (closed) return;
    if (ok) {
      stats.deliveriesSucceeded++;
      return;
    }
    stats.deliveriesFailed++;
    if (attempt >= deps.maxRetries) {
      stats.deliveriesDropped++;
      return;
    }
    later(deps.retryBaseMs * 2 ** attempt, () => void deliver(s, value, attempt + 1));
  }

  return {
    notify,
    stats: (): NotifierStats => ({ ...stats }),
    /** Forgets queued notifications (used by reset). */
    clear() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      flushTimers.clear();
      pending.clear();
    },
    close() {
      closed = true;
      aborter.abort();
      for (const t of timers) clearTimeout(t);
      timers.clear();
      flushTimers.clear();
      pending.clear();
    },
  };
}

export type Notifier = ReturnType<typeof createNotifier>;
