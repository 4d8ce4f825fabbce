import type { BarResult } from '../report';

/** What every bar runner gets from the harness. */
export interface BarContext {
  quick: boolean;
  /** Results folder (created by the harness). */
  outDir: string;
  /** File-name stem of this run's results, e.g. `2026-12-01` or `2026-12-01-quick`. */
  stem: string;
  log(message: string): void;
}

/** The row of a bar that could not be measured because something it needs is missing. */
export function notAvailable(
  bar: Pick<BarResult, 'id' | 'what' | 'target'>,
  reason: string,
): BarResult {
  return { ...bar, figure: `not available: ${reason}`, ratio: null, pass: null };
}

/** A short reason from an unknown thrown value. */
export function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.slice(0, 200);
}
