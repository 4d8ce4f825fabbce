export interface JobSummary {
  id: string;
  mappingId: string | null;
  /** sync, dryRun, record, or the admin action the job ran (retry, removeCoupling, ...). */
  type: string;
  /** erpToCrm, crmToErp or both; null for action jobs. */
  direction: string | null;
  /** scheduled, manual, live, admin or cli. */
  trigger: string;
  requestedBy: string | null;
  /** queued, running, succeeded, failed or cancelled. */
  state: string;
  dryRun: boolean;
  /** inserted, modified, deleted, unchanged, skipped, failed, coupled, uncoupled, conflicts, merged. */
  counters: Record<string, number>;
  /** Records processed so far. */
  processed: number;
  /** Records to process, when known. */
  total: number | null;
  /** Why the job failed, in words; null otherwise. */
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  createdAt: string;
}

export interface JobListPage {
  items: JobSummary[];
  nextCursor: string | null;
}
