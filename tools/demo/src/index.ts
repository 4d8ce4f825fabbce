export * from './mock-apps';
export * from './scenario';
export * from './options';
