export {
  createServer,
  defaultPortalDir,
  type CreateServerOptions,
  type SyncServerApp,
} from './create-server';
export { startSyncServer, type StartOptions } from './start';
export { listen, type RunningServer } from './http/listen';
export { createLogger, redactedPaths } from './logger';
