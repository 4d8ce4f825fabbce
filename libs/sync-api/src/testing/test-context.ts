import type { ActiveSession, ApiContext, ApiDeps } from '../context';
import { defaultApiSettings } from '../context';
import type { Role } from '../auth/roles';
import { createCallerFactory } from '../trpc';
import { appRouter } from '../routers/_app';
import { createFakeEngine, type FakeEngine } from './fake-engine';
import { createTestStore, type TestStore } from './test-store';

export interface TestApi {
  store: TestStore;
  engine: FakeEngine;
  deps: ApiDeps;
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

let tokenSeq = 0;

export async function createTestApi(): Promise<TestApi> {
  const store = await createTestStore();
  const engine = createFakeEngine();
  const now = { value: new Date('2025-03-01T12:00:00.000Z') };
  const cookieLog: string[] = [];
  const deps: ApiDeps = {
    store,
    engine,
    clock: () => now.value,
    logger: { info() {}, warn() {}, error() {} },
    randomToken: () => `token-${++tokenSeq}`,
    settings: { ...defaultApiSettings, maxOutcomesReturned: 50 },
  };
  const contextAs: TestApi['contextAs'] = (role, options = {}) => {
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
      csrfHeader: options.csrf === undefined ? (session?.csrfToken ?? 'anon') : options.csrf,
      clientIp: options.ip ?? '127.0.0.1',
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
    callerAs: (role, options) => createCaller(contextAs(role, options)),
    close: () => store.destroy(),
  };
}
