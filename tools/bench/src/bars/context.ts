import { postgresProblem } from '@twinsync/sync-store';
import type { BarResult } from '../report';

/** The PostgreSQL the bars that need one use (R6, P4PG), each in a fresh schema. */
export const benchPgUrl =
  process.env['TWINSYNC_BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Why `benchPgUrl` cannot be used (the reason a PostgreSQL bar is not available), or null. */
export async function benchPgUnreachable(): Promise<string | null> {
  const problem = await postgresProblem(benchPgUrl);
  return problem === null ? null : `PostgreSQL at ${benchPgUrl} is unreachable (${problem})`;
}

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
