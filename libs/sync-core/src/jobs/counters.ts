import type { Decision } from '../decide/decision';
import type { ErrorThresholds } from '../mapping/types';

export type CounterName =
  | 'inserted'
  | 'modified'
  | 'deleted'
  | 'unchanged'
  | 'skipped'
  | 'failed'
  | 'coupled'
  | 'uncoupled'
  | 'conflicts'
  | 'merged';

export const counterNames: readonly CounterName[] = [
  'inserted',
  'modified',
  'deleted',
  'unchanged',
  'skipped',
  'failed',
  'coupled',
  'uncoupled',
  'conflicts',
  'merged',
];

export type JobCounters = Readonly<Record<CounterName, number>>;

export function emptyCounters(): JobCounters {
  return Object.fromEntries(counterNames.map((n) => [n, 0])) as Record<CounterName, number>;
}

export function addCounters(total: JobCounters, add: Partial<JobCounters>): JobCounters {
  const out = { ...total };
  for (const name of counterNames) out[name] += add[name] ?? 0;
  return out;
}

/** What a decision adds to the job's counters once its writes succeeded. */
export function countsFor(decision: Decision): Partial<JobCounters> {
  switch (decision.type) {
    case 'unchanged':
      return { unchanged: 1 };
    case 'update':
      return decision.resolved.length > 0 ? { modified: 1, merged: 1 } : { modified: 1 };
    case 'merge':
      return { modified: 1, merged: 1 };
    case 'conflict':
      return { conflicts: 1, failed: 1 };
    case 'create':
      return { inserted: 1, coupled: 1 };
    case 'match':
      return { coupled: 1 };
    case 'deleted':
      switch (decision.resolution) {
        case 'raise-error':
          return { failed: 1 };
        case 'restore':
          return { inserted: 1 };
        case 'delete-survivor':
          return { deleted: 1, uncoupled: 1 };
        case 'remove-coupling':
          return { uncoupled: 1 };
      }
      break;
    case 'invalid':
      return { failed: 1 };
    case 'skip':
      return { skipped: 1 };
  }
}

/** Why a mapping should pause and alert after a job, or null when it stays under its thresholds. */
export function thresholdBreach(
  thresholds: ErrorThresholds,
  job: { processed: number; failed: number; openErrors: number },
): string | null {
  if (thresholds.maxOpenErrors > 0 && job.openErrors > thresholds.maxOpenErrors)
    return `${job.openErrors} open errors exceed the limit of ${thresholds.maxOpenErrors}.`;
  if (job.processed >= thresholds.minRecords && job.processed > 0) {
    const rate = job.failed / job.processed;
    if (rate > thresholds.maxFailureRate)
      return `${Math.round(rate * 100)} % of ${job.processed} records failed (limit ${Math.round(thresholds.maxFailureRate * 100)} %).`;
  }
  return null;
}
