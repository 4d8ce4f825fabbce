import type { FieldChange } from '../outputs/records';
import { asRecord } from './row-values';

/** The fields whose value differs between a history event's before and after snapshots. */
export function historyChanges(before: unknown, after: unknown): FieldChange[] {
  const b = asRecord(before);
  const a = asRecord(after);
  const names = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return names
    .filter((f) => JSON.stringify(b[f] ?? null) !== JSON.stringify(a[f] ?? null))
    .map((field) => ({ field, before: b[field] ?? null, after: a[field] ?? null }));
}
