import type { Knex } from 'knex';
import { tables } from './tables';
import type { StoreMigration } from './migration-source';

/**
 * Two shapes of the errors page scanned every open error (P4, ADR 016):
 * - a state filter sorted by occurrences walked the state index and sorted all its rows: now
 *   `(state, occurrence_count, id)`, read in order;
 * - the search (`LIKE '%…%'` on number, name and message, or an exact record id) reads every open
 *   error. On SQLite it now reads a covering index of just the searched columns, a fraction of the
 *   table's pages (sync-errors.ts names it). PostgreSQL keeps its scan: its B-tree rows are limited
 *   to about 2.7 kB, and a message can be longer; a trigram index (`pg_trgm`) is the way there.
 */
export const errorsSearchIndex = 'ix_sync_errors_open_search';

async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `CREATE INDEX ix_sync_errors_open_state_occurrences ON ${tables.errors} (state, occurrence_count, id) WHERE resolved_at IS NULL`,
  );
  if ((knex.client as { config: { client: unknown } }).config.client === 'pg') return;
  await knex.raw(
    `CREATE INDEX ${errorsSearchIndex} ON ${tables.errors} (record_number, record_name, message, erp_id, crm_id) WHERE resolved_at IS NULL`,
  );
}

async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP INDEX IF EXISTS ${errorsSearchIndex}`);
  await knex.raw('DROP INDEX IF EXISTS ix_sync_errors_open_state_occurrences');
}

export const errorsSearchIndexes: StoreMigration = {
  name: '007-errors-search-indexes',
  up,
  down,
};
