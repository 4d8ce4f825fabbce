import type { ErrorKind } from './coupling';

/** Errors that pass on their own (throttling, timeouts, 5xx, network): retried, never Skipped. */
export const transientKinds: ReadonlySet<ErrorKind> = new Set([
  'throttled',
  'timeout',
  'server',
  'transport',
]);

/** Errors that repeat until someone acts: the only ones that can mark a coupling Skipped. */
export const permanentKinds: ReadonlySet<ErrorKind> = new Set([
  'validation',
  'conflict',
  'deleted',
  'unknown',
]);

export interface SkipRule {
  /** Failed attempts in a row with the same permanent error before the coupling is Skipped. */
  repeatsToSkip: number;
}

export const defaultSkipRule: SkipRule = { repeatsToSkip: 2 };

/**
 * Attempts and Skipped after an error. A permanent error (validation, conflict, deletion) that
 * repeats marks the coupling Skipped; transient errors (throttling, timeouts, 5xx, network),
 * concurrent edits (re-read and re-decided) and auth errors (a setup problem) never do.
 */
export function afterError(
  previous: { attempts: number; lastErrorKind: string | null },
  error: { kind: ErrorKind; transient: boolean },
  rule: SkipRule = defaultSkipRule,
): { attempts: number; skipped: boolean } {
  const attempts = previous.attempts + 1;
  if (error.transient || !permanentKinds.has(error.kind)) return { attempts, skipped: false };
  const repeats = previous.lastErrorKind === error.kind ? previous.attempts + 1 : 1;
  return { attempts, skipped: repeats >= rule.repeatsToSkip };
}
