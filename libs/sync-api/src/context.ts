import type { Role } from './auth/roles';
import type { ApiEvents } from './live/api-events';
import type { LiveStatusView } from './outputs/live';
import type { SyncEngine } from './ports';
import type { ApiStore } from './store';

/** Anything with pino's call shape; pino itself satisfies it. */
export interface ApiLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface ApiSettings {
  sessionTtlMs: number;
  /** Failed logins allowed per username+IP within `loginWindowMs` before refusing. */
  loginMaxFailures: number;
  loginWindowMs: number;
  /** Open errors of one mapping above this count are reported by diagnostics. */
  errorPileUpThreshold: number;
  /** A watermark older than this is reported as stale by diagnostics. */
  staleWatermarkMs: number;
  /** Most outcomes returned per action (the rest are counted). */
  maxOutcomesReturned: number;
}

export const defaultApiSettings: ApiSettings = {
  sessionTtlMs: 8 * 60 * 60 * 1000,
  loginMaxFailures: 5,
  loginWindowMs: 15 * 60 * 1000,
  errorPileUpThreshold: 100,
  staleWatermarkMs: 2 * 60 * 60 * 1000,
  maxOutcomesReturned: 1000,
};

/** Long-lived dependencies, built once per server. */
export interface ApiDeps {
  store: ApiStore;
  engine: SyncEngine;
  clock: () => Date;
  logger: ApiLogger;
  /** Unguessable token generator (session ids, CSRF tokens). */
  randomToken: () => string;
  settings: ApiSettings;
  /** Events the API causes itself (merged with the engine's by the live subscription). */
  events: ApiEvents;
  /** Live sync's status, when this server runs live sync. */
  liveStatus?: () => Promise<LiveStatusView>;
}

export interface SessionUser {
  id: string;
  username: string;
  role: Role;
}

export interface ActiveSession {
  id: string;
  user: SessionUser;
  csrfToken: string;
  expiresAt: Date;
}

/** How login/logout reach the HTTP response without the routers knowing about HTTP. */
export interface SessionCookieWriter {
  set(sessionId: string, expiresAt: Date): void;
  clear(): void;
}

/** The per-request tRPC context. Built by `createRequestContext` (HTTP) or directly in tests. */
export interface ApiContext {
  deps: ApiDeps;
  session: ActiveSession | null;
  /** Value of the `x-twinsync-csrf` request header, if any. */
  csrfHeader: string | null;
  clientIp: string;
  cookies: SessionCookieWriter;
}

export const csrfHeaderName = 'x-twinsync-csrf';
export const sessionCookieName = 'twinsync_session';
