import type { Repositories, Store } from '@twinsync/sync-store';
import type { StoreExtras } from '../adapters/store-extras';
import type { Domain } from '../domain/domain';
import type { EngineMapping } from '../domain/model';
import type { AppPort, EngineLogger, Side } from '../ports';
import type { JobCounters } from './counters';
import type { PreviewEntry, RecordResult } from './results';

/** Everything one running job works with. */
export interface JobContext {
  jobId: string;
  mapping: EngineMapping;
  domain: Domain;
  apps: Readonly<Record<Side, AppPort>>;
  store: Store;
  extras: StoreExtras;
  now: () => Date;
  logger: EngineLogger;
  dryRun: boolean;
  /** Which writes this run may make (from the run's direction and the mapping's). */
  allowed: { toErp: boolean; toCrm: boolean };
  /** Couple uncoupled records to existing ones with equal match fields before creating. */
  matchExisting: boolean;
  /** Match indexes built in this job (`side:field` → value → id); see jobs/match-index.ts. */
  matchIndexes: Map<string, Map<string, string>>;
  /** Values to match in one batch from which a scan of the other side beats filtered queries. */
  matchIndexMin: number;
  counters: JobCounters;
  /** Per-record decisions of a dry run (capped; the job's history holds them all). */
  previews: PreviewEntry[];
  processed: number;
  /** Throws JobCancelledError when the job was asked to stop. */
  checkpoint(): Promise<void>;
  /**
   * Throws unless this worker still holds the work (scale-out; see JobControl.fence). Run inside
   * every store transaction of a batch and before its writes to the apps; null: nothing to check.
   */
  fence: ((tx: Repositories) => Promise<void>) | null;
  /** Called after every committed batch (progress events). */
  onBatch(results: readonly RecordResult[]): void;
  hooks: EngineHooks;
  /** How errors closed by this job are labelled (a sync run: 'synced'; an action: its name). */
  resolution: { name: string; by: string | null };
  /** Batches processed so far in this job. */
  batches: number;
}

/**
 * Test seams at the moments a crash matters most. A hook that throws stops the job right there,
 * exactly like a killed worker: what was committed stays, nothing after it happens.
 */
export interface EngineHooks {
  /**
   * After a batch's planned creates were remembered (pending couplings) and, in scale-out, the
   * worker was found still holding the work: right before the batch's first write to an app.
   */
  beforeWrites?(info: { jobId: string; batch: number }): void | Promise<void>;
  /** After one app accepted its part of a batch (the other app may not have been written yet). */
  afterSideWrites?(info: { jobId: string; batch: number; side: Side }): void | Promise<void>;
  /** After the apps accepted a batch's writes, before its outcomes are committed. */
  afterWrites?(info: { jobId: string; batch: number }): void | Promise<void>;
  /** After a batch's outcomes (and change token) were committed. */
  afterCommit?(info: { jobId: string; batch: number }): void | Promise<void>;
}

export function entityOf(mapping: EngineMapping, side: Side): string {
  return side === 'erp' ? mapping.erpEntity : mapping.crmEntity;
}

export function otherSide(side: Side): Side {
  return side === 'erp' ? 'crm' : 'erp';
}
