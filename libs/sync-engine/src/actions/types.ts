import type { Side } from '../ports';

/** Synchronize: one side wins for every field, or a per-field choice. */
export type SynchronizeChoice = { winner: Side } | { fields: Readonly<Record<string, Side>> };

export type EngineAction =
  | { type: 'removeCoupling' }
  | { type: 'synchronize'; choice: SynchronizeChoice }
  /** Re-create the record in the app where it was deleted, from the surviving twin. */
  | { type: 'restore' }
  /** Delete the surviving record in the app where it still exists, then drop the coupling. */
  | { type: 'delete' }
  /** Couple existing records: `targets` are ignored, `pairs` name the two records. */
  | { type: 'couple'; mappingId: string; pairs: ReadonlyArray<{ erpId: string; crmId: string }> }
  /** Clear Skipped so the next run includes the record. */
  | { type: 'retry' }
  /** Close the record's open errors without touching any record. */
  | { type: 'dismiss' };

export interface ActionTarget {
  couplingId: string;
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
  message: string | null;
}

export interface ActionResult {
  jobId: string;
  outcomes: TargetOutcome[];
}

export interface FieldPreview {
  field: string;
  base: unknown;
  erp: unknown;
  crm: unknown;
  result: unknown;
  erpChanges: boolean;
  crmChanges: boolean;
}

export interface SynchronizePreview {
  couplingId: string;
  fields: FieldPreview[];
}
