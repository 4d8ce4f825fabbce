export { createFakeEngine, type FakeEngine } from './fake-engine';
export { createTestStore, type TestStore } from './test-store';
export * from './builders';
export { createTestApi, type TestApi } from './test-context';
