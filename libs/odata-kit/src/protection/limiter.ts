import { BadRequestError, ThrottledError } from '../errors/odata-errors';

export interface Limits {
  /** Requests per user in the sliding window (Dataverse and BC: 6000 per 300 s). */
  requestsPerWindow: number;
  windowSeconds: number;
  /** Requests served at once per user (Dataverse 52, BC 5). */
  concurrent: number;
  /** Requests that may wait for a slot (Dataverse 0: rejected at once; BC 95). */
  queued: number;
}

export interface LimiterCodes {
  /** Service code for "too many requests in the window", e.g. Dataverse '0x80072322'. */
  requests?: string;
  /** Service code for "too many concurrent requests", e.g. Dataverse '0x80072326'. */
  concurrency?: string;
}

export interface Limiter {
  /** Takes a slot for `user` (waits in the queue if allowed); returns the function that frees it. */
  acquire(user: string): Promise<() => void>;
  get(): Limits;
  set(patch: Partial<Limits>): Limits;
  /** Forgets the window and the queue (a mock reset). */
  reset(): void;
}

/**
 * Service protection per user: a sliding window of requests and a concurrency gate with an
 * optional FIFO queue. Over either limit → ThrottledError (429 + Retry-After).
 */
export function createLimiter(
  clock: () => Date,
  initial: Limits,
  codes: LimiterCodes = {},
): Limiter {
  let limits = { ...initial };
  const users = new Map<string, { stamps: number[]; active: number; waiting: (() => void)[] }>();
  const stateOf = (user: string) => {
    let s = users.get(user);
    if (!s) {
      s = { stamps: [], active: 0, waiting: [] };
      users.set(user, s);
    }
    return s;
  };

  async function acquire(user: string): Promise<() => void> {
    const s = stateOf(user);
    const now = clock().getTime();
    const cutoff = now - limits.windowSeconds * 1000;
    let drop = 0;
    while (drop < s.stamps.length && (s.stamps[drop] ?? 0) <= cutoff) drop++;
    if (drop > 0) s.stamps.splice(0, drop);
    if (s.stamps.length >= limits.requestsPerWindow) {
      const oldest = s.stamps[0] ?? now;
      const retry = Math.max(1, Math.ceil((oldest + limits.windowSeconds * 1000 - now) / 1000));
      throw new ThrottledError(
        `Number of requests exceeded the limit of ${limits.requestsPerWindow} over time window of ${limits.windowSeconds} seconds.`,
        retry,
        'requests',
        codes.requests,
      );
    }
    if (s.active >= limits.concurrent) {
      if (s.waiting.length >= limits.queued) {
        throw new ThrottledError(
          `Number of concurrent requests exceeded the limit of ${limits.concurrent}.`,
          1,
          'concurrency',
          codes.concurrency,
        );
      }
      await new Promise<void>((resolve) => s.waiting.push(resolve));
    } else s.active++;
    s.stamps.push(now);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = s.waiting.shift();
      if (next) next();
      else s.active--;
    };
  }

  return {
    acquire,
    get: () => ({ ...limits }),
    set(patch) {
      limits = { ...limits, ...patch };
      return { ...limits };
    },
    reset() {
      for (const s of users.values()) s.stamps.length = 0;
    },
  };
}

/** Validates a `PUT /_mock/limits` body against the known limit names. */
export function parseLimits(body: unknown): Partial<Limits> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequestError('The limits must be a JSON object.', 'InvalidControl');
  }
  const names = ['requestsPerWindow', 'windowSeconds', 'concurrent', 'queued'];
  const out: Partial<Limits> = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (!names.includes(key))
      throw new BadRequestError(`Unknown limit '${key}'.`, 'InvalidControl');
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw new BadRequestError(
        `The limit '${key}' must be a non-negative integer.`,
        'InvalidControl',
      );
    }
    out[key as keyof Limits] = value;
  }
  return out;
}
