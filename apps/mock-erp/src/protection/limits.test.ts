import { describe, expect, it } from 'vitest';
import { createLimiter, TooManyRequestsError } from './limits';

describe('the service-protection limiter', () => {
  it('refuses the request over the window limit with the seconds until a slot frees', async () => {
    let now = 0;
    const limiter = createLimiter(() => new Date(now), {
      requestsPerWindow: 2,
      windowSeconds: 300,
      concurrent: 5,
      queued: 0,
    });
    (await limiter.acquire())();
    now = 100_000;
    (await limiter.acquire())();
    const refused = await limiter.acquire().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TooManyRequestsError);
    expect((refused as TooManyRequestsError).retryAfterSeconds).toBe(200);
    now = 300_001;
    await expect(limiter.acquire()).resolves.toBeTypeOf('function');
  });

  it('queues requests beyond the concurrency limit and refuses those beyond the queue', async () => {
    const limiter = createLimiter(() => new Date(0), {
      requestsPerWindow: 100,
      windowSeconds: 300,
      concurrent: 1,
      queued: 1,
    });
    const release = await limiter.acquire();
    let queuedRan = false;
    const queued = limiter.acquire().then((r) => {
      queuedRan = true;
      r();
    });
    await expect(limiter.acquire()).rejects.toBeInstanceOf(TooManyRequestsError);
    expect(queuedRan).toBe(false);
    release();
    await queued;
    expect(queuedRan).toBe(true);
  });
});
