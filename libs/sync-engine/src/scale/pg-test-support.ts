import { randomBytes } from 'node:crypto';
import { createStore, postgresProblem, type Store } from '@twinsync/sync-store';
import knexFactory from 'knex';
import { queueSchemaFor } from '../engine/create-sync-engine';

/** The PostgreSQL the scale-out tests run against (trust auth on loopback). */
export const testPgUrl =
  process.env['TWINSYNC_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Whether PostgreSQL answers. Unreachable: a warning and the suites are skipped — except with
 * CI=true (CI runs where PostgreSQL runs), where it is an error.
 */
export async function pgAvailable(): Promise<boolean> {
  const problem = await postgresProblem(testPgUrl);
  if (problem === null) return true;
  if (process.env['CI'] === 'true') {
    throw new Error(`PostgreSQL at ${testPgUrl} is unreachable under CI: ${problem}`);
  }
  console.warn(`PostgreSQL at ${testPgUrl} is unreachable (${problem}): suite skipped.`);
  return false;
}

/** A schema name of this test run (the store's and pg-boss's). */
export function randomSchema(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

export function openPgStore(schema: string, poolMax = 4): Promise<Store> {
  return createStore({ client: 'pg', connection: testPgUrl, schema, poolMax });
}

/** Drops the store's schema (pg-boss's too, when it is another). */
export async function dropPgSchemas(schema: string): Promise<void> {
  const knex = knexFactory({ client: 'pg', connection: testPgUrl, pool: { min: 0, max: 1 } });
  try {
    for (const name of new Set([schema, queueSchemaFor(schema)])) {
      await knex.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [name]);
    }
  } finally {
    await knex.destroy();
  }
}
