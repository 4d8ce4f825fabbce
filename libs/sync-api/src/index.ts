export { appRouter, type AppRouter } from './routers/_app';
export { createCallerFactory } from './trpc';
export type { ApiErrorData } from './trpc';
export {
  csrfHeaderName,
  defaultApiSettings,
  sessionCookieName,
  type ActiveSession,
  type ApiContext,
  type ApiDeps,
  type ApiLogger,
  type ApiSettings,
  type SessionCookieWriter,
} from './context';
export { createRequestContext, type RequestFacts } from './auth/request-context';
export { seedDemoUsers, demoUsers } from './auth/seed-users';
export { authStorageOf } from './queries/auth-storage';
export type { Role } from './auth/roles';
export type { ApiStore } from './store';
export type * from './ports';
export type * from './outputs/errors';
export type * from './outputs/records';
export type * from './outputs/jobs';
export type * from './outputs/actions';
export type { FieldIssues } from './errors/format-input-issues';
export * from './errors/domain-errors';
export type * from './outputs/mappings';
export type { Finding, FindingSeverity } from './diagnostics/findings';
export type { LiveEvent } from './live/live-events';
export type { AuditEntry } from './queries/audit';
export { syncEngineOf, type EngineCore } from './engine/engine-port';
export { createApiEvents, type ApiEvents } from './live/api-events';
export {
  enforceErrorThresholds,
  watchErrorThresholds,
  type ThresholdPause,
} from './alerts/error-thresholds';
export { pruneAuthRecords } from './auth/housekeeping';
export type { LiveStatusView, LiveMappingStatusView } from './outputs/live';
