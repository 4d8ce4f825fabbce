import { BcError } from '../errors';

export interface Limits {
  /** Requests per user in the sliding window (BC: 6000 per 5 minutes). */
  requestsPerWindow: number;
  windowSeconds: number;
  /** Requests served at once (BC: 5); more wait in a queue of `queued` (BC: 95). */
  concurrent: number;
  queued: number;
}

export const bcLimits: Limits = {
  requestsPerWindow: 6000,
  windowSeconds: 300,
  concurrent: 5,
  queued: 95,
};

export class TooManyRequestsError extends BcError {
  readonly status = 429;
  readonly code = 'Application_TooManyRequests';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'TooManyRequestsError';
  }
}

/**
 * BC's service protection: a sliding window of requests and a concurrency gate with a bounded
 * FIFO queue. Over either limit → 429 with Retry-After.
 */
export function createLimiter(clock: () => Date, initial: Limits = bcLimits) {
  let limits = { ...initial };
  const stamps: number[] = [];
  let active = 0;
  const waiting: (() => void)[] = [];

  function prune(now: number) {
    const cutoff = now - limits.windowSeconds * 1000;
    let drop = 0;
    while (drop < stamps.length && (stamps[drop] ?? 0) <= cutoff) drop++;
    if (drop > 0) stamps.splice(0, drop);
  }

  /** Waits for a slot; returns the function that frees it. */
  async function acquire(): Promise<() => void> {
    const now = clock().getTime();
    prune(now);
    if (stamps.length >= limits.requestsPerWindow) {
      const oldest = stamps[0] ?? now;
      const retry = Math.max(1, Math.ceil((oldest + limits.windowSeconds * 1000 - now) / 1000));
      throw new TooManyRequestsError(
        `Too many requests reached. Actual (${stamps.length + 1}). Maximum (${limits.requestsPerWindow}) in ${limits.windowSeconds} seconds.`,
        retry,
      );
    }
    if (active >= limits.concurrent) {
      if (waiting.length >= limits.queued) {
        throw new TooManyRequestsError(
          `Too many concurrent requests. Maximum (${limits.concurrent}) running and (${limits.queued}) queued.`,
          1,
        );
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    } else active++;
    stamps.push(now);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = waiting.shift();
      if (next) next();
      else active--;
    };
  }

  return {
    acquire,
    get: (): Limits => ({ ...limits }),
    set(patch: Partial<Limits>) {
      limits = { ...limits, ...patch };
      return { ...limits };
    },
    reset() {
      stamps.length = 0;
    },
  };
}

export type Limiter = ReturnType<typeof createLimiter>;
