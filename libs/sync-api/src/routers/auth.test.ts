import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pruneAuthRecords } from '../auth/housekeeping';
import { createRequestContext } from '../auth/request-context';
import { seedDemoUsers } from '../auth/seed-users';
import { authStorageOf } from '../queries/auth-storage';
import { createCallerFactory } from '../trpc';
import { createTestApi, testDatabases, type TestApi } from '../testing/test-context';

const databases = await testDatabases();
import { appRouter } from './_app';

const createCaller = createCallerFactory(appRouter);

describe.each(databases)('auth router on %s', (database) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await createTestApi({ database });
    await seedDemoUsers(authStorageOf(api.store), {
      clock: api.deps.clock,
      logger: api.deps.logger,
      bcryptRounds: 4,
    });
  });
  afterEach(() => api.close());

  const anon = () => api.callerAs(null, { csrf: '1' });

  it('logs in with the demo password, sets the session cookie and returns the CSRF token', async () => {
    const me = await anon().auth.login({ username: 'operator', password: 'operator-demo-pass' });
    expect(me).toMatchObject({
      username: 'operator',
      role: 'operator',
      csrfToken: expect.any(String),
    });
    expect(api.cookieLog).toHaveLength(1);
    const sessionId = api.cookieLog[0]!.slice('set:'.length);
    const ctx = await createRequestContext(api.deps, {
      sessionId,
      csrfHeader: me.csrfToken,
      clientIp: '127.0.0.1',
      cookies: { set() {}, clear() {} },
    });
    const caller = createCaller(ctx);
    expect(await caller.auth.me()).toMatchObject({ username: 'operator', csrfToken: me.csrfToken });
    await caller.auth.logout();
    const after = await createRequestContext(api.deps, { ...ctx, sessionId, cookies: ctx.cookies });
    expect(after.session).toBeNull();
  });

  it('refuses a wrong password without saying which part was wrong', async () => {
    await expect(anon().auth.login({ username: 'admin', password: 'nope' })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      message: 'Wrong username or password',
    });
    await expect(anon().auth.login({ username: 'ghost', password: 'nope' })).rejects.toMatchObject({
      message: 'Wrong username or password',
    });
  });

  it('rate limits failed logins per username and IP', async () => {
    for (let i = 0; i < 5; i++) {
      await expect(anon().auth.login({ username: 'admin', password: 'bad' })).rejects.toMatchObject(
        { code: 'UNAUTHORIZED' },
      );
    }
    await expect(
      anon().auth.login({ username: 'admin', password: 'admin-demo-pass' }),
    ).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
    });
    const otherIp = api.callerAs(null, { csrf: '1', ip: '10.0.0.9' });
    await expect(
      otherIp.auth.login({ username: 'admin', password: 'admin-demo-pass' }),
    ).resolves.toMatchObject({ role: 'admin' });
    api.now.value = new Date(api.now.value.getTime() + api.deps.settings.loginWindowMs + 1);
    await expect(
      anon().auth.login({ username: 'admin', password: 'admin-demo-pass' }),
    ).resolves.toMatchObject({ role: 'admin' });
  });

  it('needs a CSRF header even to log in', async () => {
    await expect(
      api
        .callerAs(null, { csrf: null })
        .auth.login({ username: 'admin', password: 'admin-demo-pass' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('treats an expired session as logged out', async () => {
    await anon().auth.login({ username: 'viewer', password: 'viewer-demo-pass' });
    const sessionId = api.cookieLog[0]!.slice('set:'.length);
    api.now.value = new Date(api.now.value.getTime() + api.deps.settings.sessionTtlMs + 1);
    const ctx = await createRequestContext(api.deps, {
      sessionId,
      csrfHeader: null,
      clientIp: 'x',
      cookies: { set() {}, clear() {} },
    });
    expect(ctx.session).toBeNull();
    expect(await createCaller(ctx).auth.me()).toBeNull();
  });

  it('prunes expired sessions and login attempts that no longer count, and keeps the rest', async () => {
    await anon().auth.login({ username: 'viewer', password: 'viewer-demo-pass' });
    await expect(anon().auth.login({ username: 'viewer', password: 'bad' })).rejects.toThrow();
    expect(await pruneAuthRecords(api.deps)).toEqual({ sessions: 0, loginAttempts: 0 });
    api.now.value = new Date(api.now.value.getTime() + api.deps.settings.sessionTtlMs + 1);
    expect(await pruneAuthRecords(api.deps)).toEqual({ sessions: 1, loginAttempts: 2 });
  });

  it('seeds the demo users only into an empty users table, with hashed passwords', async () => {
    const storage = authStorageOf(api.store);
    expect(
      await seedDemoUsers(storage, {
        clock: api.deps.clock,
        logger: api.deps.logger,
        bcryptRounds: 4,
      }),
    ).toBe(0);
    const admin = await storage.findUserByUsername('admin');
    expect(admin?.passwordHash).toMatch(/^\$2[aby]\$/);
    expect(admin?.passwordHash).not.toContain('admin-demo-pass');
  });
});
