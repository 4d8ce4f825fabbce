/** How to reach the store's database. */
export type StoreOptions = (SqliteStoreOptions | PostgresStoreOptions) & CommonStoreOptions;

/**
 * Also accepted by createStore: one string, a postgres:// URL or else a SQLite file path (with a
 * PostgreSQL schema other than public, e.g. DATABASE_SCHEMA).
 */
export type UrlStoreOptions = { databaseUrl: string; schema?: string } & CommonStoreOptions;

export interface SqliteStoreOptions {
  client: 'sqlite';
  /** A file path (its folder is created) or ':memory:' for tests. */
  filename: string;
}

export interface PostgresStoreOptions {
  client: 'pg';
  /** postgres://user@host:port/database */
  connection: string;
  /** Schema holding every table (created if missing); default 'public'. */
  schema?: string;
  /** Pool size; default 10. */
  poolMax?: number;
  /**
   * PostgreSQL ends a session that sat this long inside a transaction (default 60 s; every store
   * transaction takes milliseconds). A worker frozen mid-transaction (a stopped VM, a debugger)
   * would otherwise hold its row locks — e.g. its job's, which the worker taking the job over
   * needs — until it wakes.
   */
  idleInTransactionTimeoutMs?: number;
}

export interface CommonStoreOptions {
  /** Time source for every timestamp the store writes; default `() => new Date()`. */
  clock?: () => Date;
  /** SQLite busy timeout in ms; default 5000. */
  busyTimeoutMs?: number;
}

export type StoreClient = 'sqlite' | 'pg';
