import { tables } from '../migrations/tables';
import { toNum, asRows } from '../rows/values';
import type { RepositoryContext } from './context';

export interface LoginAttempt {
  username: string;
  ip: string;
  succeeded: boolean;
}

export interface LoginAttemptRepository {
  record(attempt: LoginAttempt): Promise<void>;
  /** Failed attempts since an instant, for a username and/or an IP (for rate limiting). */
  countFailures(query: { username?: string; ip?: string; since: string }): Promise<number>;
  /** Deletes attempts older than an instant; returns how many. */
  prune(before: string): Promise<number>;
}

export function createLoginAttemptRepository(ctx: RepositoryContext): LoginAttemptRepository {
  const table = () => ctx.db(tables.loginAttempts);
  return {
    async record(attempt) {
      await table().insert({
        username: attempt.username,
        ip: attempt.ip,
        succeeded: attempt.succeeded,
        attempted_at: ctx.now(),
      });
    },
    async countFailures(query) {
      const q = table().where('succeeded', false).where('attempted_at', '>=', query.since);
      if (query.username !== undefined) q.where('username', query.username);
      if (query.ip !== undefined) q.where('ip', query.ip);
      const [row] = asRows(await q.count({ n: '*' }));
      return toNum(row?.['n']);
    },
    prune(before) {
      return table().where('attempted_at', '<', before).delete();
    },
  };
}
