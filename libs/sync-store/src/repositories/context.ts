import type { Knex } from 'knex';
import type { IdGenerator } from '../ids';
import type { StoreClient } from '../connection/options';

/** What every repository needs: a query runner (the store's knex or a transaction), the dialect, time and ids. */
export interface RepositoryContext {
  db: Knex | Knex.Transaction;
  client: StoreClient;
  now: () => string;
  newId: IdGenerator;
}

/** Runs `fn` in the caller's transaction if there is one, else in a new one. */
export async function inTransaction<T>(
  ctx: RepositoryContext,
  fn: (trx: Knex.Transaction) => Promise<T>,
): Promise<T> {
  if (ctx.db.isTransaction) return fn(ctx.db as Knex.Transaction);
  return ctx.db.transaction(fn);
}
