export {
  createMockErp,
  type MockErp,
  type MockErpControls,
  type MockErpCounters,
  type MockErpOptions,
} from './create-mock-erp';
export { startMockErp, type RunningMockErp, type StartMockErpOptions } from './start-mock-erp';
export { mockErpHandlers } from './msw-handlers';
export { defaultCompanies } from './repositories/companies';
export { entitySets, type EntitySetName } from './domain/entity-sets';
export { maxBatchOperations } from './http/batch-route';
export { maxPageSize } from './query/list-records';
export { bcLimits, type Limits } from './protection/limits';
export type { Faults } from './protection/faults';
