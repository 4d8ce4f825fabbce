import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { etagFor, ifMatchSatisfied, parseIfMatch } from './etag';

describe('etags', () => {
  it('different versions never share an etag', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (a, b) => {
        fc.pre(a !== b);
        expect(etagFor(a)).not.toBe(etagFor(b));
      }),
    );
  });

  it('If-Match matches the current etag, with or without the weak prefix, and * matches anything', () => {
    const current = etagFor(42);
    expect(ifMatchSatisfied(parseIfMatch(current)!, 42)).toBe(true);
    expect(ifMatchSatisfied(parseIfMatch(current.replace(/^W\//, ''))!, 42)).toBe(true);
    expect(ifMatchSatisfied(parseIfMatch(etagFor(41))!, 42)).toBe(false);
    expect(ifMatchSatisfied(parseIfMatch('*')!, 42)).toBe(true);
    expect(ifMatchSatisfied(parseIfMatch(`${etagFor(1)}, ${current}`)!, 42)).toBe(true);
  });

  it('a missing or blank If-Match is absent', () => {
    expect(parseIfMatch(null)).toBeUndefined();
    expect(parseIfMatch('  ')).toBeUndefined();
  });
});
