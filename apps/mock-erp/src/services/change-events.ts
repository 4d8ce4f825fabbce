import type { Knex } from 'knex';
import type { EntitySetName } from '../domain/entity-sets';

export type ChangeType = 'created' | 'updated' | 'deleted';

/** One write, reported to webhook subscribers after its transaction commits. */
export interface ChangeEvent {
  companyId: string;
  entitySet: EntitySetName;
  id: string;
  changeType: ChangeType;
  lastModifiedDateTime: string;
}

/** Where a write runs: the database (or the open transaction of an atomic batch) and the changes it made. */
export interface WriteContext {
  db: Knex | Knex.Transaction;
  changes: ChangeEvent[];
}
