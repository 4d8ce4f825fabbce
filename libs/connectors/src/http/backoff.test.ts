import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, defaultRetryOptions } from './backoff';

const options = { ...defaultRetryOptions, minDelayMs: 100, maxDelayMs: 5000 };

describe('backoffDelay', () => {
  it('stays within [0, min(max, min * 2^n)) whatever the random draw (full jitter)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (n, r) => {
          const delay = backoffDelay(n, options, () => r);
          const ceiling = Math.min(5000, 100 * 2 ** n);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThan(ceiling);
        },
      ),
    );
  });

  it('grows the ceiling exponentially until the cap', () => {
    expect(backoffDelay(0, options, () => 0.999)).toBe(99);
    expect(backoffDelay(3, options, () => 0.999)).toBe(799);
    expect(backoffDelay(20, options, () => 0.999)).toBe(4995);
  });

  it('waits at least what Retry-After asks, even beyond the backoff cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60_000 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (ra, r) => {
          const delay = backoffDelay(0, options, () => r, ra);
          expect(delay).toBeGreaterThanOrEqual(ra);
          expect(delay).toBeLessThan(ra + 100);
        },
      ),
    );
  });
});
