/**
 * A record's values in canonical form (the same shape as sync-core's canonical values), stored as
 * JSON: the base snapshot of a coupling and the before/after of history events.
 */
export type SnapshotValues = Record<string, string | number | boolean | null>;

/** The two apps. */
export type Side = 'erp' | 'crm';

/** The direction one record write went. */
export type RecordDirection = 'erp-to-crm' | 'crm-to-erp';
