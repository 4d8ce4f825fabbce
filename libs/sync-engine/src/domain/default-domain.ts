import type { Domain } from './domain';
import { interimMappings } from './interim/standard-mappings';
import { interimRules } from './interim/three-way';

/** The domain the engine uses unless given one. */
export const defaultDomain: Domain = { mappings: interimMappings, ...interimRules };
