import knex, { type Knex } from 'knex';
import { migrationSource } from './migrations';

/**
 * Opens the mock's SQLite store (a file path or ':memory:') and brings its schema up to date.
 * One connection: SQLite serialises writes anyway, and ':memory:' must not be split across
 * connections.
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
        conn.run('PRAGMA foreign_keys = ON', (err) => {
          if (err) return done(err, conn);
          conn.run('PRAGMA journal_mode = WAL', (err2) => done(err2, conn));
        });
      },
    },
  });
  await db.migrate.latest({ migrationSource });
  return db;
}
