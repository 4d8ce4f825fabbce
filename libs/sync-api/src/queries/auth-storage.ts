import type { User } from '@twinsync/sync-store';
import type { AuthStorage, StoredUser } from '../auth/auth-storage';
import { isRole } from '../auth/roles';
import type { ApiStore } from '../store';

function toUser(user: User | null): StoredUser | null {
  if (!user || user.disabled || !isRole(user.role)) return null;
  return {
    id: String(user.id),
    username: user.username,
    role: user.role,
    passwordHash: user.passwordHash,
  };
}

/** AuthStorage over the store's users, sessions and login attempts repositories. */
export function authStorageOf(store: ApiStore): AuthStorage {
  return {
    countUsers: () => store.users.count(),
    async createUser(user) {
      await store.users.create({
        username: user.username,
        role: user.role,
        passwordHash: user.passwordHash,
      });
    },
    async findUserByUsername(username) {
      return toUser(await store.users.findByUsername(username));
    },
    async findUserById(id) {
      const numeric = Number(id);
      return Number.isSafeInteger(numeric) ? toUser(await store.users.findById(numeric)) : null;
    },
    countFailedLogins(username, ip, since) {
      return store.loginAttempts.countFailures({ username, ip, since: since.toISOString() });
    },
    recordLogin(attempt) {
      return store.loginAttempts.record({
        username: attempt.username,
        ip: attempt.ip,
        succeeded: attempt.succeeded,
      });
    },
    async createSession(session) {
      await store.sessions.create({
        id: session.key,
        userId: Number(session.userId),
        csrfToken: session.csrfToken,
        expiresAt: session.expiresAt.toISOString(),
      });
    },
    async findSession(key) {
      const found = await store.sessions.findActive(key);
      if (!found) return null;
      return {
        key: found.id,
        userId: String(found.userId),
        csrfToken: found.csrfToken,
        createdAt: new Date(found.createdAt),
        expiresAt: new Date(found.expiresAt),
      };
    },
    deleteSession: (key) => store.sessions.delete(key),
  };
}
