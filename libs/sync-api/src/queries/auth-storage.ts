import type { AuthStorage, StoredSession, StoredUser } from '../auth/auth-storage';
import { isRole } from '../auth/roles';
import type { ApiStore } from '../store';
import { isoOf, num, rowOf, str, type Row } from './row-values';
import { tables } from './tables';

function toUser(row: Row | null): StoredUser | null {
  if (!row) return null;
  const role = str(row, 'role');
  if (!isRole(role)) return null;
  return {
    id: str(row, 'id'),
    username: str(row, 'username'),
    role,
    passwordHash: str(row, 'password_hash'),
  };
}

/** AuthStorage over the store's users, sessions and login_attempts tables. */
export function authStorageOf(store: ApiStore): AuthStorage {
  const { knex } = store;
  return {
    async countUsers() {
      const row = rowOf(await knex(tables.users).count({ n: '*' }).first());
      return row ? num(row, 'n') : 0;
    },
    async createUser(user) {
      await knex(tables.users).insert({
        username: user.username,
        role: user.role,
        password_hash: user.passwordHash,
        created_at: user.createdAt.toISOString(),
      });
    },
    async findUserByUsername(username) {
      return toUser(rowOf(await knex(tables.users).where('username', username).first()));
    },
    async findUserById(id) {
      return toUser(rowOf(await knex(tables.users).where('id', id).first()));
    },
    async countFailedLogins(username, ip, since) {
      const row = rowOf(
        await knex(tables.loginAttempts)
          .where({ username, ip, succeeded: false })
          .andWhere('attempted_at', '>=', since.toISOString())
          .count({ n: '*' })
          .first(),
      );
      return row ? num(row, 'n') : 0;
    },
    async recordLogin(attempt) {
      await knex(tables.loginAttempts).insert({
        username: attempt.username,
        ip: attempt.ip,
        succeeded: attempt.succeeded,
        attempted_at: attempt.at.toISOString(),
      });
    },
    async createSession(session) {
      await knex(tables.sessions).insert({
        id: session.key,
        user_id: session.userId,
        csrf_token: session.csrfToken,
        created_at: session.createdAt.toISOString(),
        expires_at: session.expiresAt.toISOString(),
      });
    },
    async findSession(key): Promise<StoredSession | null> {
      const row = rowOf(await knex(tables.sessions).where('id', key).first());
      if (!row) return null;
      return {
        key: str(row, 'id'),
        userId: str(row, 'user_id'),
        csrfToken: str(row, 'csrf_token'),
        createdAt: new Date(isoOf(row, 'created_at')),
        expiresAt: new Date(isoOf(row, 'expires_at')),
      };
    },
    async deleteSession(key) {
      await knex(tables.sessions).where('id', key).delete();
    },
  };
}
