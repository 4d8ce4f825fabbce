import type * as StoreModule from '@twinsync/sync-store';
import type * as EngineModule from '../engine/create-sync-engine';
import { afterAll, describe, it, vi } from 'vitest';
import { dropPgSchemas, pgAvailable } from './pg-test-support';

/**
 * The engine's integration suites — two-way sync between the real ERP and CRM mocks over HTTP and
 * the admin actions — once more with the store on PostgreSQL instead of SQLite. (The in-memory
 * suite, engine-memory.test.ts, passes here too but is left out to keep the suite under a minute
 * on a busy 2-core machine; add `await import('../engine/engine-memory.test')` to run it.)
 * (engine-erp-http.test.ts is left out: its 429/503 storm test draws faults from Math.random and
 * sometimes injects none, which fails it on any store.)
 * Every store the suites open is the same schema of this run, emptied first; the schema is dropped
 * at the end. The suites keep the in-process queue: they give an engine test hooks and expect that
 * very engine to run its jobs, while with the scale-out queue any live engine of the test may take
 * a job (the pg-boss queue has its own tests: two-workers, crashed-worker).
 */

const suite = vi.hoisted(() => ({
  schema: `engine_suites_${Math.random().toString(16).slice(2, 12)}`,
  migrated: false,
}));

vi.mock('@twinsync/sync-store', async (importOriginal) => {
  const real = await importOriginal<typeof StoreModule>();
  // Not from ./pg-test-support: it imports this very module (a cycle inside its own mock).
  const testPgUrl =
    process.env['TWINSYNC_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
  type Options = Parameters<typeof real.createStore>[0];
  const inMemory = (options: Options) =>
    'client' in options && options.client === 'sqlite' && options.filename === ':memory:';
  async function createStore(options: Options): Promise<StoreModule.Store> {
    if (!inMemory(options)) return real.createStore(options);
    const store = await real.createStore({
      client: 'pg',
      connection: testPgUrl,
      schema: suite.schema,
      poolMax: 4,
      ...(options.clock ? { clock: options.clock } : {}),
    });
    if (suite.migrated) {
      // A fresh store for every test, as ':memory:' gives: the store's tables emptied.
      const names = Object.values(real.tables).join(', ');
      await store.knex.raw(`TRUNCATE ${names} RESTART IDENTITY CASCADE`);
    }
    suite.migrated = true;
    return store;
  }
  return { ...real, createStore };
});

vi.mock('../engine/create-sync-engine', async (importOriginal) => {
  const real = await importOriginal<typeof EngineModule>();
  return {
    ...real,
    createSyncEngine: (options: EngineModule.SyncEngineOptions) =>
      real.createSyncEngine({ scaleOut: false, ...options }),
  };
});

const reachable = await pgAvailable();

if (reachable) {
  await import('../engine/engine-two-way.test');
  await import('../actions/actions.test');
} else {
  describe('engine suites on PostgreSQL', () => {
    it.skip('PostgreSQL is unreachable (see the warning above)', () => undefined);
  });
}

afterAll(async () => {
  if (reachable) await dropPgSchemas(suite.schema);
});
