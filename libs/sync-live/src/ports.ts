import type {
  AppPort,
  EngineLogger,
  EngineMapping,
  JobResult,
  RunSyncRequest,
} from '@twinsync/sync-engine';

/**
 * What live sync needs of the engine (a `TwinSyncEngine` has all of it): the mappings, the two
 * apps (batched reads, to drop echoes of our own writes), per-record jobs and incremental jobs.
 * Every sync goes through the engine's job queue, which runs one job per mapping at a time.
 */
export interface LiveEngine {
  readonly mappings: readonly EngineMapping[];
  readonly apps: { readonly erp: AppPort; readonly crm: AppPort };
  syncRecord(request: {
    mapping: string;
    erpId?: string;
    crmId?: string;
    couplingId?: string;
    requestedBy?: string | null;
  }): Promise<JobResult>;
  enqueue(request: RunSyncRequest): Promise<{ jobId: string }>;
}

export type { EngineLogger };

/** Who live sync's jobs are requested by (shown in the jobs list). */
export const liveRequester = 'live-sync';

/** The id of a mapping's ERP webhook subscription row in the store. */
export const erpSubscriptionKey = (mappingId: string) => `erp:${mappingId}`;
/** The id of a mapping's CRM delta-link row in the store (a pull subscription). */
export const crmDeltaKey = (mappingId: string) => `crm-delta:${mappingId}`;
