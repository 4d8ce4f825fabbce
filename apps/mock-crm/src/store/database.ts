import knex, { type Knex } from 'knex';
import { createEntityTable } from '@twinsync/odata-kit';
import { entitySets } from '../model';

interface Migration {
  up(db: Knex): Promise<void>;
  down(db: Knex): Promise<void>;
}

const initial: Migration = {
  async up(db) {
    for (const set of entitySets) await createEntityTable(db, set);
    // Tombstones for change tracking: one row per deleted record, dropped when the id returns.
    await db.schema.createTable('deletions', (t) => {
      t.string('entityset', 64).notNullable();
      t.string('id', 36).notNullable();
      t.bigInteger('versionnumber').notNullable();
      t.string('deletedon', 30).notNullable();
      t.primary(['entityset', 'id']);
      t.index(['entityset', 'versionnumber'], 'deletions_version_idx');
    });
  },
  async down(db) {
    await db.schema.dropTableIfExists('deletions');
    for (const set of [...entitySets].reverse()) await db.schema.dropTableIfExists(set.name);
  },
};

/**
 * A record inserted under an id that was deleted is no longer a deletion to report: a trigger
 * drops its tombstone in the same statement (no extra round trip per create).
 */
const reviveTriggers: Migration = {
  async up(db) {
    for (const set of entitySets) {
      await db.raw(
        `CREATE TRIGGER ${set.name}_revive AFTER INSERT ON ${set.name} BEGIN ` +
          `DELETE FROM deletions WHERE entityset = '${set.name}' AND id = NEW.${set.key}; END`,
      );
    }
  },
  async down(db) {
    for (const set of entitySets) await db.raw(`DROP TRIGGER IF EXISTS ${set.name}_revive`);
  },
};

const migrations: Record<string, Migration> = {
  '001-initial': initial,
  '002-revive-triggers': reviveTriggers,
};

/** Migrations kept in code, so tsx and vitest need no migrations folder on disk. */
export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: () => Promise.resolve(Object.keys(migrations)),
  getMigrationName: (name) => name,
  getMigration: (name) => {
    const m = migrations[name];
    if (!m) throw new Error(`unknown migration ${name}`);
    return Promise.resolve(m);
  },
};

/**
 * Opens the SQLite store (a file path or ':memory:') and migrates it. ONE connection: SQLite
 * serialises writes anyway, ':memory:' must not be split across connections, and change tracking
 * relies on it (a reader's query waits until a writer holding version numbers has committed).
 */
export async function openDatabase(filename: string): Promise<Knex> {
  const db = knex({
    client: 'sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate: (
        conn: { run(sql: string, cb: (err: Error | null) => void): void },
        done: (err: Error | null, conn: unknown) => void,
      ) => {
        conn.run('PRAGMA journal_mode = WAL', (err) => {
          if (err) return done(err, conn);
          conn.run('PRAGMA synchronous = NORMAL', (err2) => done(err2, conn));
        });
      },
    },
  });
  try {
    await db.migrate.latest({ migrationSource, tableName: 'knex_migrations' });
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return db;
}

/** The highest version number stored anywhere (records and tombstones). */
export async function maxVersion(db: Knex): Promise<number> {
  let max = 0;
  for (const table of [...entitySets.map((s) => s.name), 'deletions']) {
    const row = (await db(table).max({ v: 'versionnumber' }).first()) as
      { v: number | string | null } | undefined;
    max = Math.max(max, Number(row?.v ?? 0));
  }
  return max;
}
