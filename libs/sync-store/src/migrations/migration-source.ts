import type { Knex } from 'knex';
import { initialSchema } from './001-initial-schema';
import { firstSeenIndex } from './002-first-seen-index';
import { closedErrorsIndex } from './003-closed-errors-index';
import { scaleOut } from './004-scale-out';
import { chunkListingToken } from './005-chunk-listing-token';
import { dropGlobalRecordIdIndexes } from './006-drop-global-record-id-indexes';
import { errorsSearchIndexes } from './007-errors-search-indexes';
import { removedCouplings } from './008-removed-couplings';
import { errorsTrigramSearch } from './009-errors-trigram-search';

export interface StoreMigration {
  name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/** Every migration, in order. Append new ones; never edit one that has shipped. */
export const migrations: readonly StoreMigration[] = [
  initialSchema,
  firstSeenIndex,
  closedErrorsIndex,
  scaleOut,
  chunkListingToken,
  dropGlobalRecordIdIndexes,
  errorsSearchIndexes,
  removedCouplings,
  errorsTrigramSearch,
];

/**
 * Migrations live in code (not files found by path), so they run the same under tsx, vitest and
 * any bundler.
 */
export const migrationSource: Knex.MigrationSource<StoreMigration> = {
  getMigrations: () => Promise.resolve([...migrations]),
  getMigrationName: (migration) => migration.name,
  getMigration: (migration) => Promise.resolve(migration),
};
