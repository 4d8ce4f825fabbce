export {
  createMockCrm,
  dataverseLimits,
  maxBatchRequests,
  maxBatchBytes,
  type MockCrm,
  type MockCrmControls,
  type MockCrmCounters,
  type MockCrmOptions,
} from './create-mock-crm';
export { startMockCrm, type RunningMockCrm, type StartMockCrmOptions } from './start-mock-crm';
export { mockCrmHandlers } from './msw-handlers';
export { accounts, contacts, products, entitySets, apiRoot, apiVersion } from './model';
export { maxPageSize } from './http/listing';
export { crmCodes } from './errors';
export type { SeedResult } from './seed/seed-records';
export type { Faults, Limits } from '@twinsync/odata-kit';
