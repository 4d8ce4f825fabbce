import { jobCounterNames, type Job, type JobStatus } from '@twinsync/sync-store';
import { NotFoundError } from '../errors/domain-errors';
import type { JobListPage, JobSummary } from '../outputs/jobs';
import type { ApiStore } from '../store';
import { asRecord } from './row-values';
import { toApiDirection } from './vocabulary';

const jobTypes: Readonly<Record<string, string>> = {
  'dry-run': 'dryRun',
  initial: 'sync',
  incremental: 'sync',
  sync: 'sync',
  record: 'record',
};

/** sync, dryRun, record, or the admin action the job ran (retry, removeCoupling, …). */
function typeOf(job: Job): string {
  if (job.type === 'action') {
    const action = asRecord(asRecord(job.params)['action'])['type'];
    return typeof action === 'string' ? action : 'action';
  }
  return jobTypes[job.type] ?? job.type;
}

export function toJobSummary(job: Job): JobSummary {
  const { startedAt, finishedAt } = job;
  return {
    id: job.id,
    mappingId: job.mappingId,
    type: typeOf(job),
    direction: toApiDirection(job.direction),
    trigger: job.trigger,
    requestedBy: job.requestedBy,
    state: job.status,
    dryRun: job.dryRun,
    counters: Object.fromEntries(jobCounterNames.map((name) => [name, job.counters[name]])),
    processed: job.progressDone,
    total: job.progressTotal,
    error: job.error,
    startedAt,
    finishedAt,
    durationMs: startedAt && finishedAt ? Date.parse(finishedAt) - Date.parse(startedAt) : null,
    createdAt: job.createdAt,
  };
}

const statuses: readonly JobStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];

export interface JobListQuery {
  mappingId?: string | undefined;
  states?: string[] | undefined;
  trigger?: string | undefined;
  limit: number;
  cursor?: string | null | undefined;
}

export async function listJobs(store: ApiStore, input: JobListQuery): Promise<JobListPage> {
  const wanted = input.states?.filter((s): s is JobStatus => statuses.includes(s as JobStatus));
  if (input.states?.length && !wanted?.length) return { items: [], nextCursor: null };
  const page = await store.jobs.list({
    mappingId: input.mappingId,
    statuses: wanted,
    // An unknown trigger matches no job, like an unknown state.
    trigger: input.trigger as Job['trigger'] | undefined,
    limit: input.limit,
    cursor: input.cursor ?? null,
  });
  return { items: page.items.map(toJobSummary), nextCursor: page.nextCursor };
}

export async function getJob(store: ApiStore, id: string): Promise<JobSummary> {
  const job = await store.jobs.get(id);
  if (!job) throw new NotFoundError('Job', id);
  return toJobSummary(job);
}
