import { randomFillSync } from 'node:crypto';

/**
 * Random bytes for ids, drawn from a pool refilled 4 KiB at a time: one `randomBytes(10)` per id
 * was a synchronous crypto job per call, 6–7 % of the sync process's main thread in P1 (ADR 019).
 * Node's own `crypto.randomUUID()` caches its entropy the same way.
 */
const pool = Buffer.alloc(4096);
let offset = pool.length;

function randomTen(): Buffer {
  if (offset + 10 > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  offset += 10;
  return pool.subarray(offset - 10, offset);
}

/**
 * Time-ordered UUIDs (version 7 layout): ids sort roughly by creation time, which keeps B-tree
 * inserts local and makes id a sensible keyset tie breaker.
 */
export function uuidV7(ms: number, random: Buffer = randomTen()): string {
  const time = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0').slice(-12);
  const r = random.toString('hex');
  const variant = ((parseInt(r.slice(3, 4), 16) & 0x3) | 0x8).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${r.slice(0, 3)}-${variant}${r.slice(4, 7)}-${r.slice(7, 19)}`;
}

export type IdGenerator = () => string;

export function createIdGenerator(clock: () => Date): IdGenerator {
  return () => uuidV7(clock().getTime());
}
