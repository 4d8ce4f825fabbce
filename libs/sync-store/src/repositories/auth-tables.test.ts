import { expect, it } from 'vitest';
import { describeEachStore } from '../testing/store-targets';
import { RecordNotFoundError } from '../store-errors';

describeEachStore('users, sessions and login attempts repositories', (f) => {
  it('creates users with a unique username and updates role and disabled flag', async () => {
    const ada = await f.store.users.create({
      username: 'ada',
      passwordHash: '$2b$hash',
      role: 'admin',
      displayName: 'Ada',
    });
    expect(ada).toMatchObject({
      username: 'ada',
      role: 'admin',
      disabled: false,
      displayName: 'Ada',
    });
    await expect(
      f.store.users.create({ username: 'ada', passwordHash: 'x', role: 'viewer' }),
    ).rejects.toThrow(/unique|UNIQUE/);
    expect(await f.store.users.update(ada.id, { role: 'viewer', disabled: true })).toMatchObject({
      role: 'viewer',
      disabled: true,
    });
    expect(await f.store.users.findByUsername('ada')).toMatchObject({ id: ada.id });
    expect(await f.store.users.count()).toBe(1);
    await expect(f.store.users.update(999, { role: 'admin' })).rejects.toBeInstanceOf(
      RecordNotFoundError,
    );
  });

  it('finds a session only until it expires, and drops sessions with their user', async () => {
    const ada = await f.store.users.create({
      username: 'ada',
      passwordHash: 'h',
      role: 'operator',
    });
    await f.store.sessions.create({
      id: 'hash1',
      userId: ada.id,
      csrfToken: 'csrf',
      expiresAt: '2026-01-01T01:00:00.000Z',
    });
    expect(await f.store.sessions.findActive('hash1')).toMatchObject({
      userId: ada.id,
      csrfToken: 'csrf',
    });
    f.clock.advance(30 * 60_000);
    await f.store.sessions.touch('hash1', '2026-01-01T02:00:00.000Z');
    f.clock.advance(60 * 60_000);
    expect(await f.store.sessions.findActive('hash1')).toMatchObject({
      lastSeenAt: '2026-01-01T00:30:00.000Z',
    });
    f.clock.advance(60 * 60_000);
    expect(await f.store.sessions.findActive('hash1')).toBeNull();
    expect(await f.store.sessions.deleteExpired()).toBe(1);
    await f.store.sessions.create({
      id: 'hash2',
      userId: ada.id,
      csrfToken: 'c',
      expiresAt: '2027-01-01T00:00:00.000Z',
    });
    await f.store.knex('users').where('id', ada.id).delete();
    expect(await f.store.sessions.findActive('hash2')).toBeNull();
  });

  it('counts failed logins per username and per IP inside a time window', async () => {
    await f.store.loginAttempts.record({ username: 'ada', ip: '10.0.0.1', succeeded: false });
    f.clock.advance(60_000);
    await f.store.loginAttempts.record({ username: 'ada', ip: '10.0.0.2', succeeded: false });
    await f.store.loginAttempts.record({ username: 'bob', ip: '10.0.0.2', succeeded: false });
    await f.store.loginAttempts.record({ username: 'ada', ip: '10.0.0.2', succeeded: true });
    expect(
      await f.store.loginAttempts.countFailures({
        username: 'ada',
        since: '2026-01-01T00:00:00.000Z',
      }),
    ).toBe(2);
    expect(
      await f.store.loginAttempts.countFailures({
        username: 'ada',
        since: '2026-01-01T00:00:30.000Z',
      }),
    ).toBe(1);
    expect(
      await f.store.loginAttempts.countFailures({
        ip: '10.0.0.2',
        since: '2026-01-01T00:00:00.000Z',
      }),
    ).toBe(2);
    expect(await f.store.loginAttempts.prune('2026-01-01T00:00:30.000Z')).toBe(1);
  });
});
