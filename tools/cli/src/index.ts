export { runCli, type CliDeps } from './program';
export type { CliIo } from './io';
export type { CliContext, OpenContext } from './context';
