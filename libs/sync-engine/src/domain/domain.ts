import type { DecideInput, Decision, EngineMapping } from './model';

/** Error kinds the engine records (the portal filters on them). */
export type EngineErrorKind =
  | 'conflict'
  | 'deleted'
  | 'validation'
  | 'concurrent-edit'
  | 'throttled'
  | 'transport'
  | 'auth'
  | 'unknown';

export interface SkipState {
  attempts: number;
  lastErrorKind: string | null;
}

/** The pure rules the engine asks about; built from sync-core by `core-bridge.ts`. */
export interface Domain {
  readonly mappings: readonly EngineMapping[];
  decide(input: DecideInput): Decision;
  /** Attempts and Skipped after an error of `kind` (transient errors never skip). */
  afterError(
    previous: SkipState,
    kind: EngineErrorKind,
    transient: boolean,
  ): { attempts: number; skipped: boolean };
}
