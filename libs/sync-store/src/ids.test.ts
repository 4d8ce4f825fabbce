import { describe, expect, it } from 'vitest';
import { uuidV7 } from './ids';

const layout = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidV7', () => {
  it('lays out the time, version 7 and the RFC variant', () => {
    const id = uuidV7(Date.UTC(2026, 11, 1));
    expect(id).toMatch(layout);
    expect(id.slice(0, 13).replace('-', '')).toBe(
      Date.UTC(2026, 11, 1).toString(16).padStart(12, '0'),
    );
  });

  it('sorts by time', () => {
    const ids = [3000, 1000, 2000].map((ms) => uuidV7(ms));
    expect([...ids].sort()).toEqual([ids[1], ids[2], ids[0]]);
  });

  it('stays unique and well formed across many refills of its random pool', () => {
    // 4 KiB hold 409 ids' worth of random bytes: 5,000 ids in one millisecond refill it 12 times.
    const ids = Array.from({ length: 5000 }, () => uuidV7(1_700_000_000_000));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(layout);
  });

  it('uses the random bytes it is given', () => {
    const random = Buffer.from('00112233445566778899', 'hex');
    expect(uuidV7(0, random)).toBe('00000000-0000-7001-9223-344556677889');
  });
});
