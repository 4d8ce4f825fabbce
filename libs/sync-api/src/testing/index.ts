export { createFakeEngine, type FakeEngine } from './fake-engine';
export * from './builders';
export {
  createTestApi,
  testDatabases,
  testPgUrl,
  type TestApi,
  type TestDatabase,
} from './test-context';
