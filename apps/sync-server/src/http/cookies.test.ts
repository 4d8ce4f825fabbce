import { describe, expect, it } from 'vitest';
import { readCookie } from './cookies';

describe('readCookie', () => {
  it('finds the named cookie among several and decodes it', () => {
    expect(readCookie('a=1; twinsync_session=abc%2Fdef; b=2', 'twinsync_session')).toBe('abc/def');
  });

  it('returns null when the header or the cookie is missing or malformed', () => {
    expect(readCookie(undefined, 'x')).toBeNull();
    expect(readCookie('a=1', 'x')).toBeNull();
    expect(readCookie('x=%E0%A4%A', 'x')).toBeNull();
  });
});
