export * from './mock-apps';
export * from './prng';
export * from './seed';
export * from './scenario';
export * from './run-demo';
export * from './options';
export * from './ports';
export * from './portal-build';
