import type { JobCounters } from '@twinsync/sync-store';

export type { JobCounters };

export function emptyCounters(): JobCounters {
  return {
    inserted: 0,
    modified: 0,
    deleted: 0,
    unchanged: 0,
    skipped: 0,
    failed: 0,
    coupled: 0,
    uncoupled: 0,
    conflicts: 0,
    merged: 0,
  };
}

export function addInto(target: JobCounters, delta: Partial<JobCounters>): void {
  for (const [name, value] of Object.entries(delta) as [keyof JobCounters, number][]) {
    target[name] += value;
  }
}

export function sumCounters(
  items: readonly { counters: Partial<JobCounters> }[],
): Partial<JobCounters> {
  const total = emptyCounters();
  for (const item of items) addInto(total, item.counters);
  return total;
}
