import { tables } from '../migrations/tables';
import { toNum, toStr, toStrOrNull, type Row } from '../rows/values';
import type { RepositoryContext } from './context';

export interface Session {
  /** A hash of the session token (the token itself is only in the cookie). */
  id: string;
  userId: number;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string | null;
}

export type NewSession = Pick<Session, 'id' | 'userId' | 'csrfToken' | 'expiresAt'>;

export interface SessionRepository {
  create(session: NewSession): Promise<Session>;
  /** The session if it exists and has not expired. */
  findActive(id: string): Promise<Session | null>;
  /** Marks the session used now, optionally sliding its expiry. */
  touch(id: string, expiresAt?: string): Promise<void>;
  delete(id: string): Promise<void>;
  deleteForUser(userId: number): Promise<number>;
  deleteExpired(): Promise<number>;
}

function toSession(r: Row): Session {
  return {
    id: toStr(r['id']),
    userId: toNum(r['user_id']),
    csrfToken: toStr(r['csrf_token']),
    createdAt: toStr(r['created_at']),
    expiresAt: toStr(r['expires_at']),
    lastSeenAt: toStrOrNull(r['last_seen_at']),
  };
}

export function createSessionRepository(ctx: RepositoryContext): SessionRepository {
  const table = () => ctx.db(tables.sessions);
  return {
    async create(session) {
      const row = {
        id: session.id,
        user_id: session.userId,
        csrf_token: session.csrfToken,
        created_at: ctx.now(),
        expires_at: session.expiresAt,
        last_seen_at: ctx.now(),
      };
      await table().insert(row);
      return toSession(row);
    },
    async findActive(id) {
      const row = (await table().where('id', id).where('expires_at', '>', ctx.now()).first()) as
        Row | undefined;
      return row ? toSession(row) : null;
    },
    async touch(id, expiresAt) {
      await table()
        .where('id', id)
        .update(
          expiresAt === undefined
            ? { last_seen_at: ctx.now() }
            : { last_seen_at: ctx.now(), expires_at: expiresAt },
        );
    },
    async delete(id) {
      await table().where('id', id).delete();
    },
    deleteForUser(userId) {
      return table().where('user_id', userId).delete();
    },
    deleteExpired() {
      return table().where('expires_at', '<=', ctx.now()).delete();
    },
  };
}
