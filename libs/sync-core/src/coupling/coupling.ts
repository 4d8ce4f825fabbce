import type { FieldValues, Side } from '../values/field-value';

/**
 * Where a coupled pair stands. `coupled` = in sync (the last sync of both directions succeeded);
 * `uncoupled` = no coupling row (a record without a twin, or a coupling that was removed).
 * The strings are the ones the store keeps.
 */
export type CouplingState =
  'coupled' | 'failed' | 'skipped' | 'conflict' | 'deleted-in-erp' | 'deleted-in-crm' | 'uncoupled';

export const couplingStates: readonly CouplingState[] = [
  'coupled',
  'failed',
  'skipped',
  'conflict',
  'deleted-in-erp',
  'deleted-in-crm',
  'uncoupled',
];

export type SyncDirection = 'erp-to-crm' | 'crm-to-erp';

/** The last sync of one direction. */
export interface DirectionResult {
  result: 'success' | 'failure';
  jobId: string;
  at: string;
}

/** The error kinds a sync records (the portal filters on them). */
export type ErrorKind =
  | 'conflict'
  | 'deleted'
  | 'validation'
  | 'concurrent-edit'
  | 'throttled'
  | 'timeout'
  | 'server'
  | 'transport'
  | 'auth'
  | 'unknown';

/** Error history in short: how many attempts failed in a row and with what. */
export interface ErrorSummary {
  attempts: number;
  lastErrorKind: ErrorKind | null;
  lastErrorMessage: string | null;
  /** Failed attempts ever, by kind. */
  totals: Readonly<Partial<Record<ErrorKind, number>>>;
}

/** One ERP record ↔ one CRM record of one mapping, with what sync last agreed on. */
export interface Coupling {
  id: string;
  mappingId: string;
  erpId: string;
  crmId: string;
  state: Exclude<CouplingState, 'uncoupled'>;
  /** The mapped values both records held after the last successful sync (null before it). */
  base: FieldValues | null;
  /** Hash of `base` (see hashValues), to compare without loading values. */
  baseHash: string | null;
  /** Version (etag) of each record as last synced: a record unchanged since needs no read. */
  erpVersion: string | null;
  crmVersion: string | null;
  lastResult: { toCrm: DirectionResult | null; toErp: DirectionResult | null };
  errors: ErrorSummary;
}

export const noErrors: ErrorSummary = {
  attempts: 0,
  lastErrorKind: null,
  lastErrorMessage: null,
  totals: {},
};

/** The state a coupling is in after an error of `kind` (Skipped wins). */
export function stateAfterError(
  kind: ErrorKind,
  deletedIn: Side | null,
  skipped: boolean,
): Coupling['state'] {
  if (skipped) return 'skipped';
  if (kind === 'conflict') return 'conflict';
  if (kind === 'deleted' && deletedIn)
    return deletedIn === 'erp' ? 'deleted-in-erp' : 'deleted-in-crm';
  return 'failed';
}

/** Whether a record whose version equals the coupling's last-synced version needs no compare. */
export function unchangedSinceSync(
  coupling: Coupling,
  side: Side,
  version: string | null,
): boolean {
  const synced = side === 'erp' ? coupling.erpVersion : coupling.crmVersion;
  return synced !== null && version !== null && synced === version;
}
