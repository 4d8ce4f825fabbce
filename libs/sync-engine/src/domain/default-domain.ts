import { createCoreDomain } from './core-bridge';
import type { Domain } from './domain';

/** The domain the engine uses unless given one: sync-core's rules and standard mappings. */
export const defaultDomain: Domain = createCoreDomain();
