/** What live sync counts per mapping (in memory; the queue itself is in the store). */
export interface MappingCounters {
  /** Last accepted ERP webhook notification for the mapping. */
  lastNotificationAt: string | null;
  /** Last CRM delta poll, and the last one that found changes. */
  lastPollAt: string | null;
  lastCrmChangeAt: string | null;
  pollError: string | null;
  subscriptionError: string | null;
  /** Per-record syncs run, echoes of our own writes skipped, incremental jobs asked for. */
  recordSyncs: number;
  echoesSkipped: number;
  incrementalJobs: number;
  failedSyncs: number;
  lastSyncedAt: string | null;
  /** First notice of the last synced change → its per-record job finished. */
  lastSyncLagMs: number | null;
  /** The same for the most recent syncs (at most `recentLags`), oldest first. */
  recentLagsMs: number[];
}

/** How many recent sync lags are kept per mapping for the status's p95. */
export const recentLags = 200;

/** The nearest-rank percentile `q` (0..1) of `values`, null when there are none. */
export function percentile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? null;
}

export interface ReceiverCounters {
  /** Notification calls (POSTs with a body) received. */
  calls: number;
  /** Notifications accepted (right clientState) and queued. */
  accepted: number;
  /** Notifications ignored: wrong or missing clientState, unknown subscription, malformed. */
  forged: number;
  lastNotificationAt: string | null;
}

export function createStats() {
  const mappings = new Map<string, MappingCounters>();
  const receiver: ReceiverCounters = { calls: 0, accepted: 0, forged: 0, lastNotificationAt: null };
  return {
    receiver,
    of(mappingId: string): MappingCounters {
      let found = mappings.get(mappingId);
      if (!found) {
        found = {
          lastNotificationAt: null,
          lastPollAt: null,
          lastCrmChangeAt: null,
          pollError: null,
          subscriptionError: null,
          recordSyncs: 0,
          echoesSkipped: 0,
          incrementalJobs: 0,
          failedSyncs: 0,
          lastSyncedAt: null,
          lastSyncLagMs: null,
          recentLagsMs: [],
        };
        mappings.set(mappingId, found);
      }
      return found;
    },
  };
}

export type LiveStats = ReturnType<typeof createStats>;

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
