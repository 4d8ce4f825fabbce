import { randomBytes } from 'node:crypto';

/**
 * Time-ordered UUIDs (version 7 layout): ids sort roughly by creation time, which keeps B-tree
 * inserts local and makes id a sensible keyset tie breaker.
 */
export function uuidV7(ms: number, random: Buffer = randomBytes(10)): string {
  const time = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0').slice(-12);
  const r = random.toString('hex');
  const variant = ((parseInt(r.slice(3, 4), 16) & 0x3) | 0x8).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${r.slice(0, 3)}-${variant}${r.slice(4, 7)}-${r.slice(7, 19)}`;
}

export type IdGenerator = () => string;

export function createIdGenerator(clock: () => Date): IdGenerator {
  return () => uuidV7(clock().getTime());
}
