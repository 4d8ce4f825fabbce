export * from './values/changed-fields';
