import type { AuditOutcome } from '@twinsync/sync-store';
import type { ActionResponse } from '../outputs/actions';
import type { TargetOutcome } from '../ports';

/** Counts outcomes and keeps at most `max` of them for the response, failures first. */
export function summarizeOutcomes(
  jobId: string | null,
  outcomes: readonly TargetOutcome[],
  max: number,
  jobIds: string[] = jobId ? [jobId] : [],
): ActionResponse {
  const order = { failed: 0, skipped: 1, succeeded: 2 } as const;
  const sorted = [...outcomes].sort((a, b) => order[a.status] - order[b.status]);
  const count = (status: TargetOutcome['status']) =>
    outcomes.filter((o) => o.status === status).length;
  return {
    jobId,
    jobIds,
    total: outcomes.length,
    succeeded: count('succeeded'),
    failed: count('failed'),
    skipped: count('skipped'),
    outcomes: sorted.slice(0, max),
    outcomesTruncated: sorted.length > max,
  };
}

export function overallOutcome(response: ActionResponse): AuditOutcome {
  if (response.total === 0) return 'noop';
  if (response.failed === 0 && response.skipped === 0) return 'succeeded';
  if (response.succeeded === 0) return 'failed';
  return 'partial';
}
