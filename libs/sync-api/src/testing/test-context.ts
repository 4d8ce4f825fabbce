import { randomBytes } from 'node:crypto';
import { createStore, postgresProblem, type StoreOptions } from '@twinsync/sync-store';
import type { ActiveSession, ApiContext, ApiDeps } from '../context';
import { defaultApiSettings } from '../context';
import type { Role } from '../auth/roles';
import { createApiEvents } from '../live/api-events';
import { createCallerFactory } from '../trpc';
import { appRouter } from '../routers/_app';
import type { ApiStore } from '../store';
import { createFakeEngine, type FakeEngine } from './fake-engine';

export interface TestApi {
  store: ApiStore;
  engine: FakeEngine;
  deps: ApiDeps;
  /** The clock of the API and of the store. */
  now: { value: Date };
  /** Cookies set/cleared through the context, newest last. */
  cookieLog: string[];
  /** A caller acting as a user of this role (with a valid CSRF header), or anonymous for null. */
  callerAs(
    role: Role | null,
    options?: { csrf?: string | null; ip?: string },
  ): ReturnType<typeof createCaller>;
  contextAs(role: Role | null, options?: { csrf?: string | null; ip?: string }): ApiContext;
  close(): Promise<void>;
}

const createCaller = createCallerFactory(appRouter);

/** PostgreSQL for the suites that also run there (trust auth on loopback). */
export const testPgUrl =
  process.env['TWINSYNC_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export type TestDatabase = 'sqlite' | 'pg';

/** SQLite always; PostgreSQL too when it answers (otherwise a warning says it was left out). */
export async function testDatabases(): Promise<TestDatabase[]> {
  const problem = await postgresProblem(testPgUrl);
  if (problem === null) return ['sqlite', 'pg'];
  console.warn(`PostgreSQL at ${testPgUrl} is unreachable (${problem}): SQLite only.`);
  return ['sqlite'];
}

let tokenSeq = 0;

/**
 * The API on a real store (`createStore`: SQLite ':memory:', or a PostgreSQL schema of its own
 * that `close()` drops) and a fake engine. Store and API share one settable clock.
 */
export async function createTestApi(options: { database?: TestDatabase } = {}): Promise<TestApi> {
  const now = { value: new Date('2025-03-01T12:00:00.000Z') };
  const clock = () => now.value;
  const schema = `api_test_${randomBytes(6).toString('hex')}`;
  const storeOptions: StoreOptions =
    options.database === 'pg'
      ? { client: 'pg', connection: testPgUrl, schema, poolMax: 4, clock }
      : { client: 'sqlite', filename: ':memory:', clock };
  const store = await createStore(storeOptions);
  const engine = createFakeEngine();
  const cookieLog: string[] = [];
  const deps: ApiDeps = {
    store,
    engine,
    clock,
    logger: { info() {}, warn() {}, error() {} },
    randomToken: () => `token-${++tokenSeq}`,
    settings: { ...defaultApiSettings, maxOutcomesReturned: 50 },
    events: createApiEvents(),
  };
  const contextAs: TestApi['contextAs'] = (role, contextOptions = {}) => {
    const session: ActiveSession | null = role
      ? {
          id: `session-${role}`,
          user: { id: `user-${role}`, username: role, role },
          csrfToken: `csrf-${role}`,
          expiresAt: new Date(now.value.getTime() + 3_600_000),
        }
      : null;
    return {
      deps,
      session,
      csrfHeader:
        contextOptions.csrf === undefined ? (session?.csrfToken ?? 'anon') : contextOptions.csrf,
      clientIp: contextOptions.ip ?? '127.0.0.1',
      cookies: {
        set: (id) => cookieLog.push(`set:${id}`),
        clear: () => cookieLog.push('clear'),
      },
    };
  };
  return {
    store,
    engine,
    deps,
    now,
    cookieLog,
    contextAs,
    callerAs: (role, contextOptions) => createCaller(contextAs(role, contextOptions)),
    async close() {
      if (options.database === 'pg') await store.knex.raw('DROP SCHEMA ?? CASCADE', [schema]);
      await store.close();
    },
  };
}
