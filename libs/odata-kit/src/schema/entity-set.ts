/**
 * The description of one entity set from which a mock derives its table, body validation,
 * JSON shape, query checks and `$metadata`.
 */
export type ColumnType = 'guid' | 'string' | 'int' | 'bigint' | 'decimal' | 'boolean' | 'datetime';

export interface ColumnDef {
  type: ColumnType;
  /** Strings: longest accepted value (default 4000). */
  maxLength?: number;
  /** Must be given (non-null) on create. */
  required?: boolean;
  /** May not be null (default: nullable unless required). */
  nullable?: boolean;
  /**
   * Set by the server only (versions, timestamps, computed names). `'ignore'` drops the value from
   * a body silently, `'reject'` answers 400.
   */
  serverOwned?: 'ignore' | 'reject';
  /** Numbers: inclusive range. */
  min?: number;
  max?: number;
  /** Allowed option values (compared case-sensitively after type conversion). */
  values?: readonly (string | number | boolean)[];
  /** Not listed in responses unless `$select`ed (e.g. a lookup's hidden storage). */
  hidden?: boolean;
}

/** A single-valued navigation: the row's `column` holds the key of a record in `target`. */
export interface LookupDef {
  /** Navigation property name, used in `$expand` and in `<navigation>@odata.bind`. */
  navigation: string;
  /** Column holding the target key (e.g. Dataverse's `_parentcustomerid_value`). */
  column: string;
  /** Target entity set name. */
  target: string;
}

/** A collection navigation: the records of `source` whose `column` holds this record's key. */
export interface CollectionDef {
  navigation: string;
  source: string;
  column: string;
}

export interface EntitySetDef {
  /** Entity set name as in URLs (`accounts`). */
  name: string;
  /** Entity type name without namespace (`account`). */
  entityType: string;
  /** Key property (a GUID column). */
  key: string;
  columns: Readonly<Record<string, ColumnDef>>;
  lookups?: readonly LookupDef[];
  collections?: readonly CollectionDef[];
  /** The row-version column whose value is the ETag (e.g. `versionnumber`). */
  versionColumn?: string;
}

/** The column named `name`, or undefined (own properties only: no prototype keys). */
export function columnOf(set: EntitySetDef, name: string): ColumnDef | undefined {
  return Object.hasOwn(set.columns, name) ? set.columns[name] : undefined;
}

export function columnNames(set: EntitySetDef): string[] {
  return Object.keys(set.columns);
}

/** Columns a response lists by default (all but hidden ones). */
export function visibleColumns(set: EntitySetDef): string[] {
  return Object.entries(set.columns)
    .filter(([, c]) => c.hidden !== true)
    .map(([name]) => name);
}

export function lookupByNavigation(set: EntitySetDef, navigation: string): LookupDef | undefined {
  return set.lookups?.find((l) => l.navigation.toLowerCase() === navigation.toLowerCase());
}

export function collectionByNavigation(
  set: EntitySetDef,
  navigation: string,
): CollectionDef | undefined {
  return set.collections?.find((c) => c.navigation.toLowerCase() === navigation.toLowerCase());
}

/** A registry of entity sets by name. */
export type EntityModel = ReadonlyMap<string, EntitySetDef>;

export function createModel(sets: readonly EntitySetDef[]): EntityModel {
  return new Map(sets.map((s) => [s.name, s]));
}
