import type { FieldProblem } from '../mapping/validate-values';
import type { DeletionPolicy, TableMapping } from '../mapping/types';
import type { FieldValue, FieldValues, Side } from '../values/field-value';

/** A field changed on both sides to different values since the last sync. */
export interface ConflictField {
  field: string;
  base: FieldValue;
  erp: FieldValue;
  crm: FieldValue;
}

/** A conflicting field settled by the mapping's policy. */
export interface Resolution {
  field: string;
  winner: Side;
  rule: 'erp-wins' | 'crm-wins' | 'newest-wins';
}

export type SkipReason = 'direction' | 'sync-only-coupled' | 'nothing-to-sync';

/** What sync must do with one candidate pair. Handle it with an exhaustive switch. */
export type Decision =
  /** Both sides agree with each other (the base may absorb equal changes made on both). */
  | { type: 'unchanged'; base: FieldValues }
  /** Write `values` to `target`; `base` is the agreed snapshot afterwards. */
  | {
      type: 'update';
      target: Side;
      values: FieldValues;
      base: FieldValues;
      resolved: readonly Resolution[];
      /** Changes this run may not write (run direction); the base keeps them pending. */
      deferred: readonly string[];
    }
  /** Changes on both sides, to disjoint fields or settled by policy: each side gets the other's. */
  | {
      type: 'merge';
      toErp: FieldValues;
      toCrm: FieldValues;
      base: FieldValues;
      resolved: readonly Resolution[];
    }
  | { type: 'conflict'; fields: readonly ConflictField[] }
  /** An uncoupled record gets a twin created in `target` from `values`. */
  | { type: 'create'; target: Side; values: FieldValues }
  /** An uncoupled record matches an existing record of `target` on `field` (priority 0 = first). */
  | { type: 'match'; target: Side; candidateId: string; field: string; priority: number }
  /** One record (or both) of a coupled pair is gone; `resolution` is what the policy allows now. */
  | { type: 'deleted'; deletedIn: Side | 'both'; resolution: DeletionPolicy }
  /** Values that cannot be written to `side`, per field. */
  | { type: 'invalid'; side: Side; problems: readonly FieldProblem[] }
  /** Nothing may be done in this run. */
  | { type: 'skip'; reason: SkipReason; message: string };

export type DecisionType = Decision['type'];

/** An existing record of the other side that may be an uncoupled record's twin. */
export interface MatchCandidate {
  id: string;
  values: FieldValues;
}

export interface DecideInput {
  mapping: TableMapping;
  /** The coupling's base snapshot; null for a record that was never synced. */
  base: FieldValues | null;
  /** Current canonical values of each side; null = deleted (or no twin yet). */
  erp: FieldValues | null;
  crm: FieldValues | null;
  /** Which writes this run may make (the run's direction); default both. */
  allowed?: { toErp: boolean; toCrm: boolean };
  /** Last-modified stamps, used by the newest-wins policy only. */
  erpModifiedAt?: string | null;
  crmModifiedAt?: string | null;
  /** Uncoupled record: existing records of the other side to match on `matchFields`. */
  candidates?: readonly MatchCandidate[];
  /** Never-synced pair where both exist: the side that brought it in (its values count). */
  origin?: Side;
}
