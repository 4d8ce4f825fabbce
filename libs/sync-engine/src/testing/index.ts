export { createMemoryApp, type MemoryApp } from './memory-app';
export { startErpHarness, type ErpHarness } from './erp-harness';
