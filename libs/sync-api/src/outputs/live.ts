/**
 * Live sync as the portal shows it. Filled by the live-sync component of the server
 * (`@twinsync/sync-live`'s `status()` has this shape and more); declared here, by the API that
 * needs it, so the API does not depend on how live sync is built.
 */
export interface LiveMappingStatusView {
  mappingId: string;
  /** The mapping's stored mode: 'live' | 'scheduled'. */
  mode: string;
  /** Live right now: mode 'live', not paused, and live sync running. */
  live: boolean;
  erpSubscription: {
    subscriptionId: string | null;
    expiresAt: string | null;
    error: string | null;
  } | null;
  crmPolling: { lastPollAt: string | null; lastChangeAt: string | null; error: string | null };
  /** The latest change notice of either app. */
  lastNotificationAt: string | null;
  /** Changes waiting, and the age of the oldest: the lag right now. */
  queued: number;
  lagMs: number;
  lastSyncLagMs: number | null;
  syncLagP95Ms: number | null;
  lastSyncedAt: string | null;
  recordSyncs: number;
  failedSyncs: number;
}

export interface LiveStatusView {
  /** Live sync runs in this server (false when switched off with TWINSYNC_LIVE=false). */
  running: boolean;
  startedAt: string | null;
  notificationUrl: string | null;
  receiver: { calls: number; accepted: number; forged: number; lastNotificationAt: string | null };
  mappings: LiveMappingStatusView[];
}

export const liveSyncOff: LiveStatusView = {
  running: false,
  startedAt: null,
  notificationUrl: null,
  receiver: { calls: 0, accepted: 0, forged: 0, lastNotificationAt: null },
  mappings: [],
};
