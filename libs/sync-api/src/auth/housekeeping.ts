import type { ApiDeps } from '../context';

/**
 * Deletes expired sessions and login attempts older than the rate-limit window (they no longer
 * count). The server runs it at start and then hourly.
 */
export async function pruneAuthRecords(
  deps: Pick<ApiDeps, 'store' | 'clock' | 'settings'>,
): Promise<{ sessions: number; loginAttempts: number }> {
  const before = new Date(deps.clock().getTime() - deps.settings.loginWindowMs).toISOString();
  const [sessions, loginAttempts] = await Promise.all([
    deps.store.sessions.deleteExpired(),
    deps.store.loginAttempts.prune(before),
  ]);
  return { sessions, loginAttempts };
}
