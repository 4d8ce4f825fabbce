export * from './mock-apps';
export { createPrng, type Prng } from '@twinsync/odata-kit';
export * from './seed';
export * from './scenario';
export * from './run-demo';
export * from './system';
export * from './options';
export * from './ports';
export * from './portal-build';
