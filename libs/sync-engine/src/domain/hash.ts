import { hashValues } from '@twinsync/sync-core';
import type { Canonical } from './model';

/** A stable hash of canonical values (key order does not matter), from sync-core. */
export function hashCanonical(values: Canonical): string {
  return hashValues(values);
}
