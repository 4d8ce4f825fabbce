import type { Knex } from 'knex';
import { tables } from './tables';
import type { StoreMigration } from './migration-source';

/**
 * PostgreSQL: the errors search (`lower(column) LIKE '%…%'` on number, name and message, or an
 * exact record id) no longer reads every open error when it looks for a few (ADR 021).
 *
 * - A trigram GIN index (`pg_trgm`) over the five searched expressions of open errors, so a
 *   selective search is a bitmap of a few rows.
 * - Statistics on the three `lower(…)` expressions, so the planner can tell a rare term from a
 *   common one. Without them it guesses every pattern matches a few rows, and a term in most
 *   messages ("timeout") is then read through the index and sorted; with them it walks the
 *   newest-first index and stops at the page's end.
 *
 * `pg_trgm` ships with PostgreSQL and is a trusted extension (13+): a role that may create in the
 * database may install it. It goes in `public`, never in a store's own schema, which a test may
 * drop with everything in it. If it cannot be installed the index is left out and the search
 * keeps its scan; the statistics are still made (PostgreSQL 14 and later). SQLite: nothing to do (migration 007).
 */
export const errorsTrigramIndex = 'ix_sync_errors_open_trgm';

const lowered = ['record_number', 'record_name', 'message'] as const;
const statisticsName = (column: string) => `st_sync_errors_lower_${column}`;

function isPg(knex: Knex): boolean {
  return (knex.client as { config: { client: unknown } }).config.client === 'pg';
}

/** The schema that holds pg_trgm, installing it in `public` if it is missing; null if it can't be. */
async function trigramSchema(knex: Knex): Promise<string | null> {
  // Stores in other schemas may migrate at the same time; one of them installs it.
  await knex.raw(`SELECT pg_advisory_xact_lock(hashtext('twinsync:pg_trgm'))`);
  try {
    // A savepoint: a refused CREATE EXTENSION must not abort the migration's transaction.
    await knex.transaction((sp) =>
      sp.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public'),
    );
  } catch {
    return null;
  }
  const found = await knex.raw<{ rows: { schema: string }[] }>(
    `SELECT extnamespace::regnamespace::text AS schema FROM pg_extension WHERE extname = 'pg_trgm'`,
  );
  return found.rows[0]?.schema ?? null;
}

/** PostgreSQL's version as a number (150020 for 15.20). */
async function serverVersion(knex: Knex): Promise<number> {
  const found = await knex.raw<{ rows: { version: string }[] }>(
    `SELECT current_setting('server_version_num') AS version`,
  );
  return Number(found.rows[0]?.version ?? 0);
}

async function up(knex: Knex): Promise<void> {
  if (!isPg(knex)) return;
  // Statistics on expressions came with PostgreSQL 14; before it the planner keeps its guess.
  const statistics = (await serverVersion(knex)) >= 140000;
  for (const column of statistics ? lowered : []) {
    const name = statisticsName(column);
    await knex.raw(`CREATE STATISTICS ${name} ON (lower(${column})) FROM ${tables.errors}`);
    // A fine histogram: a term in one error in 10,000 must not look like one in a hundred.
    await knex.raw(`ALTER STATISTICS ${name} SET STATISTICS 1000`);
  }
  const schema = await trigramSchema(knex);
  if (schema === null) return;
  const ops = `"${schema.replaceAll('"', '""')}".gin_trgm_ops`;
  const expressions = [
    ...lowered.map((column) => `lower(${column}) ${ops}`),
    `erp_id ${ops}`,
    `crm_id ${ops}`,
  ];
  await knex.raw(
    `CREATE INDEX ${errorsTrigramIndex} ON ${tables.errors} USING gin (${expressions.join(', ')}) WHERE resolved_at IS NULL`,
  );
}

async function down(knex: Knex): Promise<void> {
  if (!isPg(knex)) return;
  // pg_trgm stays: other schemas may use it.
  await knex.raw(`DROP INDEX IF EXISTS ${errorsTrigramIndex}`);
  for (const column of lowered)
    await knex.raw(`DROP STATISTICS IF EXISTS ${statisticsName(column)}`);
}

export const errorsTrigramSearch: StoreMigration = {
  name: '009-errors-trigram-search',
  up,
  down,
};
