import type { ActiveSession, ApiDeps, SessionCookieWriter } from '../context';
import { AuthenticationError, RateLimitedError } from '../errors/domain-errors';
import type { AuthStorage } from './auth-storage';
import { verifyPassword } from './passwords';
import { sessionKey } from './tokens';

export interface LoginResult {
  session: ActiveSession;
}

export async function login(
  deps: ApiDeps,
  storage: AuthStorage,
  input: { username: string; password: string; ip: string },
  cookies: SessionCookieWriter,
): Promise<LoginResult> {
  const now = deps.clock();
  const { loginMaxFailures, loginWindowMs, sessionTtlMs } = deps.settings;
  const since = new Date(now.getTime() - loginWindowMs);
  const failures = await storage.countFailedLogins(input.username, input.ip, since);
  if (failures >= loginMaxFailures) {
    throw new RateLimitedError(Math.ceil(loginWindowMs / 1000));
  }

  const user = await storage.findUserByUsername(input.username);
  const ok = await verifyPassword(input.password, user?.passwordHash ?? null);
  await storage.recordLogin({ username: input.username, ip: input.ip, succeeded: ok, at: now });
  if (!ok || !user) {
    deps.logger.warn({ username: input.username, ip: input.ip }, 'login refused');
    throw new AuthenticationError('Wrong username or password');
  }

  const sessionId = deps.randomToken();
  const csrfToken = deps.randomToken();
  const expiresAt = new Date(now.getTime() + sessionTtlMs);
  await storage.createSession({
    key: sessionKey(sessionId),
    userId: user.id,
    csrfToken,
    createdAt: now,
    expiresAt,
  });
  cookies.set(sessionId, expiresAt);
  deps.logger.info({ username: user.username, ip: input.ip }, 'logged in');
  return {
    session: {
      id: sessionId,
      user: { id: user.id, username: user.username, role: user.role },
      csrfToken,
      expiresAt,
    },
  };
}

/** The session behind a cookie value, or null when unknown or expired. */
export async function loadSession(
  deps: ApiDeps,
  storage: AuthStorage,
  sessionId: string,
): Promise<ActiveSession | null> {
  const stored = await storage.findSession(sessionKey(sessionId));
  if (!stored) return null;
  if (stored.expiresAt.getTime() <= deps.clock().getTime()) {
    await storage.deleteSession(stored.key);
    return null;
  }
  const user = await storage.findUserById(stored.userId);
  if (!user) return null;
  return {
    id: sessionId,
    user: { id: user.id, username: user.username, role: user.role },
    csrfToken: stored.csrfToken,
    expiresAt: stored.expiresAt,
  };
}

export async function logout(
  storage: AuthStorage,
  session: ActiveSession,
  cookies: SessionCookieWriter,
): Promise<void> {
  await storage.deleteSession(sessionKey(session.id));
  cookies.clear();
}
