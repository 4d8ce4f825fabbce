import type { TargetOutcome } from '../ports';

export interface ActionResponse {
  /** The job that ran the action (its progress streams on `live.events`); null when nothing ran. */
  jobId: string | null;
  /** Every job the action ran (one per mapping of the records); `jobId` is the first. */
  jobIds: string[];
  /** How many records the action was applied to. */
  total: number;
  succeeded: number;
  failed: number;
  skipped: number;
  /** Per-record outcomes, at most `maxOutcomesReturned` of them, failures first. */
  outcomes: TargetOutcome[];
  outcomesTruncated: boolean;
}
