export * from './report';
export * from './options';
export * from './profile';
export * from './timing';
