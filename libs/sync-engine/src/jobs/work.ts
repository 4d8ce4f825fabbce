import type { Coupling } from '@twinsync/sync-store';
import type { Canonical, Decision } from '../domain/model';
import type { AppError, AppRecord, Side, WriteOp, WriteOutcome } from '../ports';

/** One candidate pair on its way through a batch: records, decision, writes and their outcomes. */
export interface Work {
  /** The coupling id (existing, or generated for a new coupling). */
  couplingId: string;
  coupling: Coupling | null;
  /** The side whose change brought the pair into the run. */
  origin: Side;
  erp: AppRecord | null;
  crm: AppRecord | null;
  erpCanon: Canonical | null;
  crmCanon: Canonical | null;
  decision: Decision | null;
  /** What the planned writes do, for history and counters. */
  intent: Intent | null;
  ops: Partial<Record<Side, WriteOp>>;
  outcomes: Partial<Record<Side, WriteOutcome>>;
  /** ERP number planned for an ERP create (remembered with the coupling before sending). */
  plannedNumber: string | null;
  /** A failure found before any write (a fetch that failed, a refused action). */
  failure: AppError | null;
  /** Whether this pair was already re-read and re-decided after a 409/412. */
  retried: boolean;
}

/** What the writes of a work item mean once they succeed. */
export type Intent =
  | { type: 'none' }
  | { type: 'couple-unchanged'; base: Canonical }
  | { type: 'update'; target: Side; base: Canonical; fields: string[]; merged: boolean }
  | { type: 'merge'; base: Canonical; toErp: string[]; toCrm: string[] }
  | { type: 'create'; target: Side; base: Canonical; restore: boolean }
  | { type: 'delete-survivor'; survivor: Side }
  | { type: 'remove-coupling'; reason: string };

export function newWork(
  couplingId: string,
  coupling: Coupling | null,
  origin: Side,
  erp: AppRecord | null,
  crm: AppRecord | null,
): Work {
  return {
    couplingId,
    coupling,
    origin,
    erp,
    crm,
    erpCanon: null,
    crmCanon: null,
    decision: null,
    intent: null,
    ops: {},
    outcomes: {},
    plannedNumber: null,
    failure: null,
    retried: false,
  };
}

export function recordOf(work: Work, side: Side): AppRecord | null {
  return side === 'erp' ? work.erp : work.crm;
}

export function canonOf(work: Work, side: Side): Canonical | null {
  return side === 'erp' ? work.erpCanon : work.crmCanon;
}
