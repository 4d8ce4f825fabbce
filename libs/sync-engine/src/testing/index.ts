export { createMemoryApp, type MemoryApp } from './memory-app';
export { startErpHarness, type ErpHarness } from './erp-harness';
export { startCrmHarness, type CrmHarness } from './crm-harness';
