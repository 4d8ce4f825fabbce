export {
  createServer,
  defaultPortalDir,
  healthOf,
  type CreateServerOptions,
  type HealthReport,
  type SyncServerApp,
} from './create-server';
export { startSyncServer, type StartOptions } from './start';
export {
  startTwinSyncServer,
  type AppEndpoint,
  type RunningTwinSync,
  type ServerRole,
  type TwinSyncServerOptions,
} from './embedded';
export { serverOptionsFromEnv, ServerConfigError, roleOf, roleArgument, serverRoles } from './env';
export { listen, type RunningServer } from './http/listen';
export { createLogger, redactedPaths } from './logger';
