import { createHash } from 'node:crypto';
import type { Canonical } from './model';

/** A stable hash of canonical values (key order does not matter). */
export function hashCanonical(values: Canonical): string {
  const keys = Object.keys(values).sort();
  const text = JSON.stringify(keys.map((k) => [k, values[k] ?? null]));
  return createHash('sha1').update(text).digest('hex');
}
