export interface RetryOptions {
  /** How many times a failed request is retried (so at most retries + 1 attempts). */
  retries: number;
  /** Base of the exponential backoff. */
  minDelayMs: number;
  /** Cap of the exponential backoff (a server's Retry-After may ask for longer and is honoured). */
  maxDelayMs: number;
  /** Upper bound on a Retry-After we are willing to wait for in one go. */
  maxRetryAfterMs: number;
}

export const defaultRetryOptions: RetryOptions = {
  retries: 8,
  minDelayMs: 100,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 300_000,
};

/**
 * "Full jitter" backoff (AWS architecture blog): a uniform random delay in
 * [0, min(maxDelay, minDelay * 2^retryIndex)). When the server sent Retry-After, wait at least
 * that long plus a little jitter so many clients do not come back at the same instant.
 */
export function backoffDelay(
  retryIndex: number,
  options: RetryOptions,
  random: () => number,
  retryAfterMs?: number,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.minDelayMs * 2 ** retryIndex);
  const jitter = Math.floor(random() * ceiling);
  if (retryAfterMs === undefined) return jitter;
  const base = Math.min(retryAfterMs, options.maxRetryAfterMs);
  return base + Math.floor(random() * Math.min(options.minDelayMs, ceiling));
}
