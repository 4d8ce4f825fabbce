import type { FieldValue, Side } from '../values/field-value';

/** Which way records (or one field) may flow. */
export type Direction = 'bidirectional' | 'erp-to-crm' | 'crm-to-erp';
export const directions: readonly Direction[] = ['bidirectional', 'erp-to-crm', 'crm-to-erp'];

/** What to do when a field changed on both sides to different values. */
export type UpdateConflictPolicy =
  'raise-error' | 'erp-wins' | 'crm-wins' | 'newest-wins' | 'merge';
export const updateConflictPolicies: readonly UpdateConflictPolicy[] = [
  'raise-error',
  'erp-wins',
  'crm-wins',
  'newest-wins',
  'merge',
];

/** What to do when one record of a coupled pair was deleted. */
export type DeletionPolicy = 'raise-error' | 'restore' | 'delete-survivor' | 'remove-coupling';
export const deletionPolicies: readonly DeletionPolicy[] = [
  'raise-error',
  'restore',
  'delete-survivor',
  'remove-coupling',
];

/** Per-field rule under the `merge` policy when both sides changed the field differently. */
export type FieldMergeRule = 'raise-error' | 'erp-wins' | 'crm-wins' | 'newest-wins';
export const fieldMergeRules: readonly FieldMergeRule[] = [
  'raise-error',
  'erp-wins',
  'crm-wins',
  'newest-wins',
];

/**
 * How a raw value becomes canonical: `text` trims and turns '' into null, `code` also
 * upper-cases, `email`/`url` are text with a format rule, `decimal` is a number (missing = 0),
 * `boolean` is true/false.
 */
export type FieldType = 'text' | 'code' | 'email' | 'url' | 'decimal' | 'boolean';
export const fieldTypes: readonly FieldType[] = [
  'text',
  'code',
  'email',
  'url',
  'decimal',
  'boolean',
];

/** A raw record as an app returns it (unknown properties are ignored). */
export type RawRecord = Readonly<Record<string, unknown>>;

/** Resolves a reference to another table (e.g. an account id from a customer number). */
export interface LookupResolver {
  /** The key of the `entity` record whose `field` equals `value`, or null when unknown. */
  keyOf(side: Side, entity: string, field: string, value: string): string | null;
  /** The `field` value of the `entity` record with key `key`, or null when unknown. */
  valueOf(side: Side, entity: string, field: string, key: string): string | null;
}

export interface ConversionContext {
  lookup?: LookupResolver | undefined;
}

/**
 * A transformation of one side of a field, both ways. `read` returns the raw value to
 * canonicalise (`undefined` = the record does not tell, the field is left out); `write` returns
 * the raw properties to send (an empty object writes nothing).
 */
export interface Transformation {
  read(raw: RawRecord, context: ConversionContext): unknown;
  write(value: FieldValue, context: ConversionContext): Record<string, unknown>;
}

/** Field rules checked before a value is written to a side (`side` omitted = both sides). */
export type ValidationRule =
  | { kind: 'required'; side?: Side }
  | { kind: 'maxLength'; max: number; side?: Side }
  | { kind: 'min'; min: number; side?: Side }
  | { kind: 'max'; max: number; side?: Side }
  | { kind: 'pattern'; pattern: RegExp; message: string; side?: Side }
  | { kind: 'oneOf'; values: readonly FieldValue[]; side?: Side };

/** How one side of a field maps to the app: a raw property, optionally transformed. */
export interface FieldBinding {
  /** The raw property name (also used in match queries and `$select`). */
  field: string;
  transform?: Transformation;
}

export interface FieldMapping {
  /** Canonical name, the same for both sides. */
  name: string;
  type: FieldType;
  /** Which way this field flows; capped by the table's direction. */
  direction: Direction;
  /** Binding per side; null = the field does not exist in that app. */
  erp: FieldBinding | null;
  crm: FieldBinding | null;
  rules?: readonly ValidationRule[];
  /** A value failing its rules is written as empty instead of failing the record. */
  clearOnFailure?: boolean;
  /** Written when a record is created only; later edits are not synced. */
  createOnly?: boolean;
  /** Rule under the `merge` update-conflict policy (default raise-error). */
  mergeRule?: FieldMergeRule;
}

export type FilterOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'startswith' | 'contains';
export const filterOperators: readonly FilterOperator[] = [
  'eq',
  'ne',
  'gt',
  'ge',
  'lt',
  'le',
  'startswith',
  'contains',
];

/** A filter on raw records of one side, as data (all filters of a side must hold). */
export interface RecordFilter {
  field: string;
  op: FilterOperator;
  value: string | number | boolean | null;
}

/** When to pause a mapping and alert. */
export interface ErrorThresholds {
  /** Share of failed records in one job (0..1) above which the mapping pauses. */
  maxFailureRate: number;
  /** The rate only counts once a job processed at least this many records. */
  minRecords: number;
  /** Open errors on the mapping above which it pauses. */
  maxOpenErrors: number;
}

export interface TableMapping {
  id: string;
  name: string;
  erpEntity: string;
  crmEntity: string;
  direction: Direction;
  filters: { erp: readonly RecordFilter[]; crm: readonly RecordFilter[] };
  /** Only coupled records are synced: uncoupled records never get a counterpart created. */
  syncOnlyCoupled: boolean;
  updateConflictPolicy: UpdateConflictPolicy;
  deletionPolicy: DeletionPolicy;
  errorThresholds: ErrorThresholds;
  /** Canonical fields used to couple existing records by equal values, highest priority first. */
  matchFields: readonly string[];
  /** The canonical field holding the business number, if any. */
  numberField: string | null;
  /** The canonical field holding the display name, if any. */
  nameField: string | null;
  /** Raw values written on create only, per side (e.g. the ERP customer `type`). */
  constants: { erp: Readonly<Record<string, unknown>>; crm: Readonly<Record<string, unknown>> };
  fields: readonly FieldMapping[];
}
