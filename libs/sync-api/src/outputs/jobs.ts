export interface JobSummary {
  id: string;
  mappingId: string | null;
  /** sync, dryRun, or the admin action the job ran (retry, removeCoupling, ...). */
  type: string;
  direction: string | null;
  trigger: string;
  requestedBy: string | null;
  state: string;
  dryRun: boolean;
  counters: Record<string, number>;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  createdAt: string;
}

export interface JobListPage {
  items: JobSummary[];
  nextCursor: string | null;
}
