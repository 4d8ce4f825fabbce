/** Counters a client keeps so progress bars and benchmarks can show them. */
export interface ConnectorStats {
  /** HTTP requests sent (every attempt counts, a $batch counts once). */
  requests: number;
  /** Attempts that were retried after a transient failure. */
  retries: number;
  /** Responses with status 429. */
  throttled: number;
  /** Requests that finally failed (after retries), by any error. */
  failures: number;
}

export type ConnectorEvent =
  | { type: 'request'; method: string; url: string }
  | { type: 'response'; method: string; url: string; status: number; ms: number }
  | { type: 'retry'; method: string; url: string; attempt: number; delayMs: number; reason: string }
  | { type: 'throttled'; method: string; url: string; retryAfterMs: number | undefined }
  | { type: 'failure'; method: string; url: string; error: Error };

export function emptyStats(): ConnectorStats {
  return { requests: 0, retries: 0, throttled: 0, failures: 0 };
}
