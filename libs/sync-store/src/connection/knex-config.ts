import type { Knex } from 'knex';
import type { StoreOptions } from './options';

interface SqliteConnection {
  exec(sql: string, callback: (error: Error | null) => void): void;
}

/**
 * Pages the write-ahead log may hold before SQLite copies them back into the database (SQLite's
 * default is 1,000, 4 MB). A sync batch touches a few hundred pages of the couplings' ERP-id
 * index, whose keys are random: with the default, every other batch paid a checkpoint that wrote
 * the same pages back again. 10,000 pages (40 MB of log) took 5–10 % off the store's CPU for a
 * 100k-record first sync's writes (ADR 019).
 */
const walAutocheckpointPages = 10_000;

/** SQLite pragmas applied to every new connection: WAL, a busy timeout and enforced foreign keys. */
function sqlitePragmas(filename: string, busyTimeoutMs: number): string {
  const wal =
    filename === ':memory:'
      ? ''
      : 'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; ' +
        `PRAGMA wal_autocheckpoint = ${walAutocheckpointPages};`;
  return `${wal} PRAGMA busy_timeout = ${busyTimeoutMs}; PRAGMA foreign_keys = ON;`;
}

export function knexConfigFor(options: StoreOptions): Knex.Config {
  if (options.client === 'sqlite') {
    const pragmas = sqlitePragmas(options.filename, options.busyTimeoutMs ?? 5000);
    return {
      client: 'sqlite3',
      connection: { filename: options.filename },
      useNullAsDefault: true,
      // One connection: ':memory:' is per connection, and SQLite has one writer anyway; a single
      // connection also avoids deferred-transaction upgrade deadlocks that busy_timeout cannot fix.
      pool: {
        min: 1,
        max: 1,
        afterCreate(conn: SqliteConnection, done: (error: Error | null, conn: unknown) => void) {
          conn.exec(pragmas, (error) => done(error, conn));
        },
      },
    };
  }
  const schema = options.schema ?? 'public';
  return {
    client: 'pg',
    connection: {
      connectionString: options.connection,
      idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs ?? 60_000,
    },
    searchPath: [schema],
    pool: { min: 0, max: options.poolMax ?? 10 },
  };
}
