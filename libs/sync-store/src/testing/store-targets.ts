import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import { tables } from '../migrations/tables';
import { postgresProblem } from '../connection/probe';
import { createStore, type Store } from '../store';
import { createTestClock, type TestClock } from './test-clock';

/** The PostgreSQL the suites run against (trust auth on loopback). */
export const testPgUrl =
  process.env['TWINSYNC_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

async function probePg(): Promise<boolean> {
  const problem = await postgresProblem(testPgUrl);
  if (problem === null) return true;
  console.warn(
    `PostgreSQL at ${testPgUrl} is unreachable (${problem}): the PostgreSQL store suites are skipped.`,
  );
  return false;
}

export const pgReachable: boolean = await probePg();

/** Delete order: children before parents. */
const wipeOrder = [
  tables.jobChunks,
  tables.changeQueue,
  tables.webhookSubscriptions,
  tables.loginAttempts,
  tables.sessions,
  tables.users,
  tables.audit,
  tables.watermarks,
  tables.history,
  tables.errorOccurrences,
  tables.errors,
  tables.jobs,
  tables.couplings,
  tables.mappings,
];

export interface StoreFixture {
  /** The store of the running test (emptied before each test). */
  readonly store: Store;
  readonly clock: TestClock;
  readonly client: 'sqlite' | 'pg';
  /** Opens another store on the same database (a second worker). */
  openAnother(): Promise<Store>;
}

/**
 * Declares the same suite against SQLite ':memory:' and against PostgreSQL in a schema unique to
 * this suite (dropped afterwards). The PostgreSQL suite is skipped, with a message, only if the
 * server is unreachable.
 */
export function describeEachStore(title: string, body: (fixture: StoreFixture) => void): void {
  for (const client of ['sqlite', 'pg'] as const) {
    const label = client === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    describe.skipIf(client === 'pg' && !pgReachable)(`${title} (${label})`, () => {
      const schema = `store_test_${randomBytes(6).toString('hex')}`;
      const clock = createTestClock();
      const extra: Store[] = [];
      let store: Store | undefined;
      const open = () =>
        client === 'sqlite'
          ? createStore({ client, filename: ':memory:', clock })
          : createStore({ client, connection: testPgUrl, schema, clock, poolMax: 4 });
      beforeAll(async () => {
        store = await open();
      });
      beforeEach(async () => {
        clock.set('2026-01-01T00:00:00.000Z');
        const s = store;
        if (!s) return;
        for (const table of wipeOrder) await s.knex(table).delete();
      });
      afterAll(async () => {
        for (const s of extra) await s.close();
        if (store && client === 'pg')
          await store.knex.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [schema]);
        await store?.close();
      });
      body({
        get store() {
          if (!store) throw new Error('the store opens in beforeAll');
          return store;
        },
        clock,
        client,
        async openAnother() {
          if (client === 'sqlite') throw new Error(':memory: cannot be shared between stores');
          const another = await open();
          extra.push(another);
          return another;
        },
      });
    });
  }
}
