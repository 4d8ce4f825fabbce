/**
 * What the API needs from the sync engine. Declared here, by the code that needs it, and
 * implemented by `@twinsync/sync-engine` (an in-memory fake for tests is in `src/testing/`).
 *
 * Division of work between API and engine:
 * - The API resolves "all errors matching this filter" to concrete targets (it owns the errors
 *   query), so the engine only ever receives explicit targets.
 * - `dismiss` and `retry` are done by the API directly on the store (they change only our own
 *   bookkeeping, no app is called); every other action goes through `runAction`.
 * - The API writes the audit entry for every action; the engine does not.
 */

export type Side = 'erp' | 'crm';
export type SyncDirection = 'erpToCrm' | 'crmToErp';
export type RunDirection = SyncDirection | 'both';

export interface StartSyncJobRequest {
  mappingId: string;
  direction: RunDirection;
  /** A dry run computes every decision and records it in the job, but writes to neither app. */
  dryRun: boolean;
  /** Username of whoever asked (for the job row). */
  requestedBy: string;
}

export interface StartedJob {
  jobId: string;
}

/** Synchronize: one side wins for every field, or a per-field choice (fields not listed keep the base). */
export type SynchronizeChoice = { winner: Side } | { fields: Readonly<Record<string, Side>> };

export type EngineAction =
  | { type: 'removeCoupling' }
  | { type: 'synchronize'; choice: SynchronizeChoice }
  /** Re-create the record in the app where it was deleted, from the surviving twin. */
  | { type: 'restore' }
  /** Delete the surviving record in the app where it still exists, then drop the coupling. */
  | { type: 'delete' }
  /** Couple existing records: `targets` are ignored, `pairs` name the two records. */
  | { type: 'couple'; mappingId: string; pairs: ReadonlyArray<{ erpId: string; crmId: string }> };

export type EngineActionType = EngineAction['type'];

export interface ActionTarget {
  couplingId: string;
  /** The error the admin acted on, when the action came from the errors list. */
  errorId: string | null;
}

export interface RunActionRequest {
  action: EngineAction;
  targets: readonly ActionTarget[];
  requestedBy: string;
}

export type TargetOutcomeStatus = 'succeeded' | 'failed' | 'skipped';

export interface TargetOutcome {
  couplingId: string | null;
  errorId: string | null;
  status: TargetOutcomeStatus;
  /** Plain-language reason for `failed`/`skipped`; null on success. */
  message: string | null;
}

export interface ActionResult {
  /** The job that ran the action (bulk actions report progress under this id). */
  jobId: string;
  outcomes: TargetOutcome[];
}

export interface FieldPreview {
  field: string;
  base: unknown;
  erp: unknown;
  crm: unknown;
  /** The value both sides will hold afterwards. */
  result: unknown;
  erpChanges: boolean;
  crmChanges: boolean;
}

export interface SynchronizePreview {
  couplingId: string;
  fields: FieldPreview[];
}

export type ProbeStage = 'connectivity' | 'auth' | 'ok';

export interface AppProbe {
  app: Side;
  /** Where the probe failed, or 'ok'. */
  stage: ProbeStage;
  baseUrl: string;
  latencyMs: number | null;
  /** Plain-language result, e.g. "ERP answered 401: the token was refused". */
  message: string;
}

export interface SchedulerStatus {
  running: boolean;
  lastTickAt: Date | null;
  intervalMs: number | null;
}

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export type EngineEvent =
  | {
      type: 'jobProgress';
      jobId: string;
      mappingId: string | null;
      state: JobState;
      processed: number;
      total: number | null;
      counters: Readonly<Record<string, number>>;
      at: Date;
    }
  /** Some errors were raised or resolved; the API re-reads the counts from the store. */
  | { type: 'errorsChanged'; mappingId: string | null; at: Date };

/** What the engine syncs of one mapping: its canonical fields and their names in each app. */
export interface MappingDefinition {
  id: string;
  fields: Array<{ field: string; erp: string | null; crm: string | null }>;
  /** Fields used to couple existing records by value, by priority (e.g. number, email). */
  matchFields: string[];
}

export interface SyncEngine {
  /**
   * The mappings the engine knows and their fields; null (or no such method) when the engine does
   * not say — diagnostics then do not judge field mappings.
   */
  mappingDefinitions?(): MappingDefinition[] | null;
  startSyncJob(request: StartSyncJobRequest): Promise<StartedJob>;
  /** false when the job had already finished. */
  cancelJob(jobId: string, requestedBy: string): Promise<{ cancelled: boolean }>;
  runAction(request: RunActionRequest): Promise<ActionResult>;
  previewSynchronize(couplingId: string, choice: SynchronizeChoice): Promise<SynchronizePreview>;
  /** Connectivity and authentication of both apps, one probe each. */
  probeApps(): Promise<AppProbe[]>;
  schedulerStatus(): SchedulerStatus;
  /** Returns the unsubscribe function. */
  subscribe(listener: (event: EngineEvent) => void): () => void;
}
