import { describe, expect, it } from 'vitest';
import { percentile } from './stats';

describe('percentile', () => {
  it('is the nearest-rank value: p95 of 1..100 is 95 and p50 is 50', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 0.95)).toBe(95);
    expect(percentile(values, 0.5)).toBe(50);
  });

  it('is the only value of a single sample and null without samples', () => {
    expect(percentile([42], 0.95)).toBe(42);
    expect(percentile([], 0.95)).toBeNull();
  });
});
