import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { knexConfigFor } from './connection/knex-config';
import type { StoreClient, StoreOptions, UrlStoreOptions } from './connection/options';
import { createIdGenerator } from './ids';
import { migrationSource } from './migrations/migration-source';
import type { RepositoryContext } from './repositories/context';
import { createRepositories, type Repositories } from './repositories';
import { StoreConfigError } from './store-errors';

export interface Store extends Repositories {
  /** The underlying knex instance, for read queries no repository offers. */
  readonly knex: Knex;
  readonly client: StoreClient;
  /** Where a PostgreSQL store lives (the scale-out queue shares the database); null on SQLite. */
  readonly postgres: { connectionString: string; schema: string } | null;
  /** Runs `fn` in one database transaction; everything written through `tx` commits or rolls back together. */
  transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` unless another process runs something under the same name right now (PostgreSQL: a
   * transaction-level advisory lock, held until `fn` settles), and then resolves with null. On
   * SQLite (one server per file) `fn` always runs.
   */
  runExclusive<T>(name: string, fn: () => Promise<T>): Promise<T | null>;
  close(): Promise<void>;
}

const identifier = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

async function prepare(knex: Knex, options: StoreOptions): Promise<void> {
  if (options.client === 'pg' && options.schema && options.schema !== 'public') {
    if (!identifier.test(options.schema))
      throw new StoreConfigError(`schema must be a plain identifier, got "${options.schema}"`);
    // Created only when missing: PostgreSQL checks the right to create before it sees the schema
    // exists, and a role given a ready schema may not create in the database.
    const found = await knex.raw<{ rows: unknown[] }>(
      'SELECT 1 FROM pg_namespace WHERE nspname = ?',
      [options.schema],
    );
    if (found.rows.length === 0) await knex.raw('CREATE SCHEMA IF NOT EXISTS ??', [options.schema]);
  }
  await knex.migrate.latest({
    migrationSource,
    tableName: 'store_migrations',
    ...(options.client === 'pg' && options.schema ? { schemaName: options.schema } : {}),
  });
}

/**
 * Opens the store: connects, applies every pending migration, and returns the repositories.
 * SQLite (a file with WAL, busy_timeout and foreign keys on, or ':memory:') or PostgreSQL.
 */
export async function createStore(given: StoreOptions | UrlStoreOptions): Promise<Store> {
  const options = 'databaseUrl' in given ? fromUrlOptions(given) : given;
  if (options.client === 'sqlite' && options.filename !== ':memory:') {
    mkdirSync(dirname(options.filename), { recursive: true });
  }
  const knex = knexFactory(knexConfigFor(options));
  try {
    await prepare(knex, options);
  } catch (error) {
    await knex.destroy();
    throw error;
  }
  const clock = options.clock ?? (() => new Date());
  const base = {
    client: options.client,
    now: () => clock().toISOString(),
    newId: createIdGenerator(clock),
  };
  const ctxOf = (db: Knex | Knex.Transaction): RepositoryContext => ({ ...base, db });
  return {
    ...createRepositories(ctxOf(knex)),
    knex,
    client: options.client,
    postgres:
      options.client === 'pg'
        ? { connectionString: options.connection, schema: options.schema ?? 'public' }
        : null,
    transaction: (fn) => knex.transaction((trx) => fn(createRepositories(ctxOf(trx)))),
    runExclusive: (name, fn) => runExclusive(knex, options.client, name, fn),
    close: () => knex.destroy(),
  };
}

async function runExclusive<T>(
  knex: Knex,
  client: StoreClient,
  name: string,
  fn: () => Promise<T>,
): Promise<T | null> {
  if (client === 'sqlite') return fn();
  return knex.transaction(async (trx) => {
    const result = await trx.raw<{ rows: { locked: boolean }[] }>(
      'select pg_try_advisory_xact_lock(hashtext(?)) as locked',
      [name],
    );
    if (result.rows[0]?.locked !== true) return null;
    return fn();
  });
}

function fromUrlOptions({ databaseUrl, schema, ...common }: UrlStoreOptions): StoreOptions {
  const target: StoreOptions = isPostgresUrl(databaseUrl)
    ? { client: 'pg', connection: databaseUrl, ...(schema ? { schema } : {}) }
    : { client: 'sqlite', filename: databaseUrl };
  return { ...target, ...common };
}

function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** The store options an environment asks for: DATABASE_URL (postgres://…) or the SQLite file TWINSYNC_DB. */
export function storeOptionsFromEnv(env: Record<string, string | undefined>): StoreOptions {
  const url = env['DATABASE_URL'];
  if (url && isPostgresUrl(url)) {
    const schema = env['DATABASE_SCHEMA'];
    return schema ? { client: 'pg', connection: url, schema } : { client: 'pg', connection: url };
  }
  if (url)
    throw new StoreConfigError(
      `DATABASE_URL must be a postgres:// URL, got "${url.split(':')[0]}:…"`,
    );
  return { client: 'sqlite', filename: env['TWINSYNC_DB'] ?? './data/twinsync.sqlite' };
}

export function storeFromEnv(env: Record<string, string | undefined>): Promise<Store> {
  return createStore(storeOptionsFromEnv(env));
}
