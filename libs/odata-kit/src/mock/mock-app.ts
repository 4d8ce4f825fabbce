import type { Faults } from '../protection/faults';

/** The programmatic controls every mock app offers (also under `/_mock/` over HTTP). */
export interface MockControls {
  /** Empties every table and restores faults, limits and counters. */
  reset(): Promise<void>;
  /** Adds `count` records per entity set, deterministically from `seed`. */
  seed(count: number, seed: number, scope?: string): Promise<unknown>;
  /** An edit "by another user": bumps the record's version. */
  editAsUser(entitySet: string, id: string, patch: unknown, scope?: string): Promise<unknown>;
  /** A delete "by another user". */
  deleteAsUser(entitySet: string, id: string, scope?: string): Promise<void>;
  setFaults(faults: Partial<Faults>): Faults;
  setLimits?(limits: unknown): unknown;
  counters(): unknown;
}

/** A mock business app: one fetch-style handler plus controls. */
export interface MockApp<C extends MockControls = MockControls> {
  handle(req: Request): Promise<Response>;
  close(): Promise<void>;
  controls: C;
}
