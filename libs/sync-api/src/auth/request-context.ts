import type { ApiContext, ApiDeps, SessionCookieWriter } from '../context';
import { authStorageOf } from '../queries/auth-storage';
import { loadSession } from './auth-service';

export interface RequestFacts {
  /** Raw value of the session cookie, if the request carried one. */
  sessionId: string | null;
  csrfHeader: string | null;
  clientIp: string;
  cookies: SessionCookieWriter;
}

/** Builds the tRPC context of one HTTP request (the server's `createContext`). */
export async function createRequestContext(
  deps: ApiDeps,
  facts: RequestFacts,
): Promise<ApiContext> {
  const session = facts.sessionId
    ? await loadSession(deps, authStorageOf(deps.store), facts.sessionId)
    : null;
  return {
    deps,
    session,
    csrfHeader: facts.csrfHeader,
    clientIp: facts.clientIp,
    cookies: facts.cookies,
  };
}
