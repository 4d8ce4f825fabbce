import type { LookupResolver } from '@twinsync/sync-core';
import type { Side } from '../ports';

/**
 * The domain as the engine consumes it. `sync-core` owns these rules; `domain/core-bridge.ts`
 * adapts its exports to these shapes so the job runner does not depend on their exact spelling.
 */

export type FieldValue = string | number | boolean | null;
/** A record's mapped values in canonical form (the same keys on both sides). */
export type Canonical = Readonly<Record<string, FieldValue>>;

export type MappingDirection = 'bidirectional' | 'erp-to-crm' | 'crm-to-erp';
export type UpdateConflictPolicy =
  'raise-error' | 'erp-wins' | 'crm-wins' | 'newest-wins' | 'merge';
export type DeletionPolicy = 'raise-error' | 'restore' | 'delete-survivor' | 'remove-coupling';

/** A table mapping with everything the engine needs to move records. */
export interface EngineMapping {
  id: string;
  name: string;
  erpEntity: string;
  crmEntity: string;
  direction: MappingDirection;
  updateConflictPolicy: UpdateConflictPolicy;
  deletionPolicy: DeletionPolicy;
  /** Uncoupled records get a counterpart created (false = sync only coupled records). */
  createNew: boolean;
  /** Canonical fields used to couple existing records by value (e.g. number, email), by priority. */
  matchFields: readonly string[];
  /** Canonical field names, in display order. */
  fields: readonly string[];
  /** The canonical field holding the business number (ERP `number`), if any. */
  numberField: string | null;
  /** The canonical field holding the display name. */
  nameField: string | null;
  toCanonical(side: Side, raw: Readonly<Record<string, unknown>>): Canonical;
  /** Raw field values (a create body or an update patch) for the given canonical values. */
  toRaw(
    side: Side,
    values: Canonical,
    context: { forCreate: boolean; all: Canonical; lookup?: LookupResolver },
  ): Record<string, unknown>;
  /** The raw field name of a canonical field on one side (for match queries). */
  rawField(side: Side, field: string): string | null;
  /** Field-level validation of canonical values about to be written to `side`. */
  validate(side: Side, values: Canonical): FieldProblem[];
  /** Whether a raw record of `side` passes the mapping's filters (absent = every record does). */
  accepts?(side: Side, raw: Readonly<Record<string, unknown>>): boolean;
  /** The mapping's filters of `side` as an OData `$filter` ('' = none), for list queries. */
  odataFilter?(side: Side): string;
}

export interface FieldProblem {
  field: string;
  message: string;
}

export interface ConflictField {
  field: string;
  base: FieldValue;
  erp: FieldValue;
  crm: FieldValue;
}

/** What to do with one candidate pair. */
export type Decision =
  | { type: 'unchanged'; base: Canonical }
  /** Write `values` to `target`; `base` is the agreed snapshot afterwards. */
  | { type: 'update'; target: Side; values: Canonical; base: Canonical; merged: boolean }
  /** Disjoint changes on both sides: each side gets the other's changes. */
  | { type: 'merge'; toErp: Canonical; toCrm: Canonical; base: Canonical }
  | { type: 'conflict'; fields: ConflictField[] }
  | { type: 'create'; target: Side; values: Canonical }
  | { type: 'deleted'; deletedIn: Side }
  | { type: 'invalid'; side: Side; problems: FieldProblem[] }
  /** The direction of the run or the mapping does not allow the write this pair needs. */
  | { type: 'skip'; reason: string };

export interface DecideInput {
  mapping: EngineMapping;
  /** The base snapshot of the coupling, null for an uncoupled record. */
  base: Canonical | null;
  /** Current canonical values; null = deleted (or never existed when uncoupled). */
  erp: Canonical | null;
  crm: Canonical | null;
  /** Which writes this run may make. */
  allowed: { toErp: boolean; toCrm: boolean };
  /** lastModified of each side, for newest-wins. */
  erpModifiedAt: string | null;
  crmModifiedAt: string | null;
}
