import type { Coupling, CouplingState } from '../coupling/coupling';
import type { TableMapping } from '../mapping/types';
import type { FieldValue, FieldValues, Side } from '../values/field-value';

/** Synchronize: one side wins every field, or per field (unchosen fields keep one-sided changes). */
export type SynchronizeChoice = { winner: Side } | { fields: Readonly<Record<string, Side>> };

/** The admin actions of the Coupled Data Synchronization Errors page, and beyond. */
export type AdminAction =
  | { type: 'removeCoupling' }
  /** Clear Skipped (and the attempt count) so the next run includes the record. */
  | { type: 'retry' }
  | { type: 'synchronize'; choice: SynchronizeChoice }
  /** Re-create the deleted record from its surviving twin, under a planned id. */
  | { type: 'restore'; plannedId: string }
  /** Delete the surviving record, then the coupling. */
  | { type: 'delete' }
  /** Couple two existing records; the winner's values are written to the other. */
  | { type: 'couple'; couplingId: string; erpId: string; crmId: string; winner?: Side }
  /** Close the record's open errors without touching either record. */
  | { type: 'dismiss' };

export type ActionType = AdminAction['type'];

export const actionTypes: readonly ActionType[] = [
  'removeCoupling',
  'retry',
  'synchronize',
  'restore',
  'delete',
  'couple',
  'dismiss',
];

/** What an action sees: the mapping, the coupling (null = uncoupled) and both records now. */
export interface ActionSubject {
  mapping: TableMapping;
  coupling: Coupling | null;
  /** Current canonical values; null = the record does not exist. */
  erp: FieldValues | null;
  crm: FieldValues | null;
}

/** Time and job id come in: sync-core has no clock. */
export interface ActionContext {
  jobId: string;
  at: string;
}

/** A write the caller runs against an app (canonical values; the mapping turns them raw). */
export type AppCommand =
  | { type: 'create'; side: Side; id: string; values: FieldValues }
  | { type: 'update'; side: Side; id: string; values: FieldValues }
  | { type: 'delete'; side: Side; id: string };

export interface ActionOutcome {
  /** The coupling afterwards; null = no coupling (removed, or deleted with its record). */
  coupling: Coupling | null;
  commands: readonly AppCommand[];
  /** The record's open errors are resolved by this action. */
  closesErrors: boolean;
}

export type ActionErrorCode =
  | 'not-coupled'
  | 'already-coupled'
  | 'nothing-to-retry'
  | 'no-open-error'
  | 'record-missing'
  | 'both-records-exist'
  | 'both-records-missing'
  | 'unknown-field'
  | 'choice-missing';

/** An action that makes no sense for the coupling's state. */
export interface ActionError {
  code: ActionErrorCode;
  action: ActionType;
  state: CouplingState;
  message: string;
}

export type ActionResult = { ok: true; outcome: ActionOutcome } | { ok: false; error: ActionError };

/** One row of a Synchronize preview (a side-by-side diff). */
export interface FieldPreview {
  field: string;
  base: FieldValue;
  erp: FieldValue;
  crm: FieldValue;
  result: FieldValue;
  /** The ERP / CRM value will change. */
  erpChanges: boolean;
  crmChanges: boolean;
  /** Changed on both sides to different values since the last sync. */
  conflict: boolean;
}
