export * from './ports';
export {
  createSyncEngine,
  UnknownMappingError,
  type SyncEngineOptions,
  type RunSyncRequest,
  type SyncRecordRequest,
  type DirectionInput,
  type TwinSyncEngine,
  type ScaleOutOptions,
  EngineRoleError,
  queueSchemaFor,
} from './engine/create-sync-engine';
export { EngineConfigError, serviceRoot } from './engine/apps-from-options';
export { engineErrorKinds, describeErrorKind, isEngineErrorKind } from './engine/error-kinds';
export type { JobResult } from './engine/job-result';
export type { EngineEvent, EngineListener, JobState } from './events/engine-events';
export type { EngineHooks } from './jobs/job-context';
export type { PreviewEntry } from './jobs/results';
export type { RunDirection } from './jobs/run-sync-job';
export type * from './actions/types';
export type { Domain, EngineErrorKind } from './domain/domain';
export type * from './domain/model';
export { defaultDomain } from './domain/default-domain';
export { createCrmApp } from './adapters/crm-app';
export { createErpApp } from './adapters/erp-app';
export { JobCancelledError } from './queue/job-queue';
export { coalesced, type CoalescedRunner } from './queue/coalesce';
export { LeaseLostError, WorkerStoppingError } from './queue/pg-boss-queue';
export type { PartitionSettings } from './scale/partitioned-sync';
