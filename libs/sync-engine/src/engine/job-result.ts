import type { Job, JobCounters, JobStatus } from '@twinsync/sync-store';
import type { PreviewEntry } from '../jobs/results';

/** How a job ended, as runSync / syncRecord / waitForJob report it. */
export interface JobResult {
  jobId: string;
  mappingId: string | null;
  status: JobStatus;
  dryRun: boolean;
  counters: JobCounters;
  processed: number;
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  /** Per-record decisions of a dry run (first 10,000; the job's history holds all). */
  decisions: PreviewEntry[];
}

export function toJobResult(job: Job, previews: readonly unknown[]): JobResult {
  const started = job.startedAt ? Date.parse(job.startedAt) : NaN;
  const finished = job.finishedAt ? Date.parse(job.finishedAt) : NaN;
  return {
    jobId: job.id,
    mappingId: job.mappingId,
    status: job.status,
    dryRun: job.dryRun,
    counters: job.counters,
    processed: job.progressDone,
    error: job.error,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    durationMs: Number.isNaN(started) || Number.isNaN(finished) ? null : finished - started,
    decisions: job.dryRun ? (previews as PreviewEntry[]) : [],
  };
}
