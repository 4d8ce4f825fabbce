import type { Knex } from 'knex';
import { tables } from './tables';
import type { StoreMigration } from './migration-source';

/** Open errors sorted by when they were first seen (the errors page's "first seen" column). */
async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `CREATE INDEX ix_sync_errors_open_first_seen ON ${tables.errors} (first_seen_at, id) WHERE resolved_at IS NULL`,
  );
}

async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS ix_sync_errors_open_first_seen');
}

export const firstSeenIndex: StoreMigration = { name: '002-first-seen-index', up, down };
