import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashValues } from './hash';

const value = fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant(null));

describe('value hashes', () => {
  it('the hash does not depend on key order', () => {
    expect(hashValues({ a: 1, b: 'x' })).toBe(hashValues({ b: 'x', a: 1 }));
  });

  it('values of different types hash differently', () => {
    const hashes = new Set([
      hashValues({ a: 1 }),
      hashValues({ a: '1' }),
      hashValues({ a: true }),
      hashValues({ a: null }),
      hashValues({ a: 'n' }),
    ]);
    expect(hashes.size).toBe(5);
  });

  it('fields outside the given list do not change the hash', () => {
    expect(hashValues({ a: 1, fax: '1' }, ['a'])).toBe(hashValues({ a: 1, fax: '2' }, ['a']));
    expect(hashValues({ a: 1 }, ['a', 'b'])).toBe(hashValues({ a: 1, b: null }, ['a', 'b']));
  });

  it('changing any one value changes the hash (no collisions in 1000 random changes)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), value), fc.string(), value, value, (rec, k, a, b) => {
        fc.pre(!Object.is(a, b) && !(typeof a === 'number' && typeof b === 'number' && a === b));
        expect(hashValues({ ...rec, [k]: a })).not.toBe(hashValues({ ...rec, [k]: b }));
      }),
      { numRuns: 1000 },
    );
  });
});
