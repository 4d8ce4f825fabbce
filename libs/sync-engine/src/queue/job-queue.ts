import type { Job, Repositories, Store } from '@twinsync/sync-store';
import { coalesced } from './coalesce';
import type { EngineLogger } from '../ports';

export class JobCancelledError extends Error {
  override readonly name = 'JobCancelledError';
  constructor(readonly jobId: string) {
    super(`Job ${jobId} was cancelled`);
  }
}

/** What a running job may ask of the queue. */
export interface JobControl {
  /** Throws JobCancelledError when the job was asked to stop; refreshes its lease now and then. */
  checkpoint(): Promise<void>;
  /**
   * Throws (LeaseLostError) unless this worker still holds the work. A conditional UPDATE of the
   * job's (or chunk's) row: inside a transaction it also keeps a take-over waiting until that
   * transaction ends, so a worker that lost its job never commits another batch. Absent when one
   * process holds its jobs (the in-process queue).
   */
  fence?(tx: Repositories): Promise<void>;
}

export interface JobQueueOptions {
  store: Store;
  workerId: string;
  now: () => Date;
  logger: EngineLogger;
  /** Jobs running at once across mappings (one per mapping at most). */
  maxConcurrent: number;
  run(job: Job, control: JobControl): Promise<void>;
  onFinished(job: Job): void;
  /** How often a running job re-reads its cancel flag and refreshes its heartbeat. */
  leaseCheckMs?: number;
  /**
   * How often a running job's heartbeat is refreshed by a timer, whatever the job is doing (a
   * batch waiting out a long Retry-After still looks alive); default 10 s.
   */
  heartbeatMs?: number;
}

/**
 * How a partitioned job hands its chunks to the workers (scale-out queue only): each chunk id is
 * delivered once to some worker's `runChunk`, again after that worker died.
 */
export interface PartitionChannel {
  dispatch(jobId: string, chunkIds: readonly string[]): Promise<void>;
}

export interface JobQueue {
  /** Connects (if the queue needs to) and starts every queued job it may run. */
  start(): Promise<void>;
  /** Starts every queued job whose mapping is free (fire and forget). */
  pump(): void;
  /**
   * Running jobs whose worker stopped beating since `olderThan` go back to the queue; their ids.
   * (The scale-out queue leaves this to pg-boss's heartbeats and answers [].)
   */
  takeBackStale(olderThan: Date): Promise<string[]>;
  /** Chunks of a partitioned job for several workers; null when this queue has one process only. */
  readonly partitions: PartitionChannel | null;
  /** Resolves with the job once it has finished (succeeded, failed or cancelled). */
  waitFor(jobId: string): Promise<Job>;
  /** false when the job had already finished. */
  cancel(jobId: string): Promise<boolean>;
  /** Resolves when no job of this queue is queued or running (scale-out: in any worker). */
  idle(): Promise<void>;
  running(): string[];
  close(): Promise<void>;
}

/**
 * The in-process queue: jobs are rows in the store (so they survive restarts and other processes
 * can enqueue), claimed with the store's conditional UPDATE, one job per mapping at a time.
 */
export function createJobQueue(options: JobQueueOptions): JobQueue {
  const { store, workerId, logger } = options;
  const leaseCheckMs = options.leaseCheckMs ?? 1000;
  const heartbeatMs = options.heartbeatMs ?? 10_000;
  const busyMappings = new Set<string>();
  const runningJobs = new Map<string, { cancel: boolean; done: Promise<void> }>();
  const waiters = new Map<string, ((job: Job) => void)[]>();
  let closed = false;

  function settle(job: Job) {
    const list = waiters.get(job.id) ?? [];
    waiters.delete(job.id);
    for (const resolve of list) resolve(job);
  }

  function control(jobId: string): JobControl {
    let lastCheck = 0;
    return {
      async checkpoint() {
        const local = runningJobs.get(jobId);
        if (local?.cancel) throw new JobCancelledError(jobId);
        const now = options.now().getTime();
        if (now - lastCheck < leaseCheckMs) return;
        lastCheck = now;
        await store.jobs.heartbeat(jobId, workerId);
        const job = await store.jobs.get(jobId);
        if (job?.cancelRequested) throw new JobCancelledError(jobId);
      },
    };
  }

  async function execute(job: Job) {
    const mappingKey = job.mappingId ?? '';
    const beat = setInterval(() => {
      store.jobs.heartbeat(job.id, workerId).catch((error: unknown) => {
        logger.warn({ err: error, jobId: job.id }, 'heartbeat failed');
      });
    }, heartbeatMs);
    beat.unref();
    try {
      await options.run(job, control(job.id));
      await store.jobs.finish(job.id, 'succeeded', { worker: workerId });
    } catch (error) {
      if (error instanceof JobCancelledError) {
        await store.jobs.finish(job.id, 'cancelled', { worker: workerId });
      } else {
        logger.error({ err: error, jobId: job.id }, 'sync job failed');
        const message = error instanceof Error ? error.message : String(error);
        await store.jobs.finish(job.id, 'failed', { worker: workerId, error: message });
      }
    } finally {
      clearInterval(beat);
      busyMappings.delete(mappingKey);
      runningJobs.delete(job.id);
      const finished = await store.jobs.get(job.id);
      if (finished) {
        options.onFinished(finished);
        settle(finished);
      }
      pump();
    }
  }

  async function pumpOnce() {
    const active = await store.jobs.active();
    for (const job of active) {
      if (closed) return;
      if (job.status !== 'queued') continue;
      const key = job.mappingId ?? '';
      if (busyMappings.has(key) || runningJobs.size >= options.maxConcurrent) continue;
      // Another worker may hold a running job of this mapping.
      if (active.some((j) => j.status === 'running' && (j.mappingId ?? '') === key)) continue;
      busyMappings.add(key);
      const claimed = await store.jobs.claim(job.id, workerId);
      if (!claimed) {
        busyMappings.delete(key);
        continue;
      }
      const entry = { cancel: false, done: Promise.resolve() };
      runningJobs.set(claimed.id, entry);
      entry.done = execute(claimed);
    }
  }

  const pumper = coalesced(pumpOnce, {
    stopped: () => closed,
    onError: (error) => logger.error({ err: error }, 'job queue could not claim jobs'),
  });
  function pump() {
    pumper.request();
  }

  return {
    start() {
      pump();
      return Promise.resolve();
    },
    pump,
    async takeBackStale(olderThan) {
      const taken = await store.jobs.requeueStale(olderThan);
      if (taken.length > 0) pump();
      return taken;
    },
    partitions: null,
    waitFor(jobId) {
      return new Promise<Job>((resolve, reject) => {
        const list = waiters.get(jobId) ?? [];
        list.push(resolve);
        waiters.set(jobId, list);
        // Already finished (or finished by someone else)?
        store.jobs
          .get(jobId)
          .then((job) => {
            if (!job) reject(new Error(`No job ${jobId}`));
            else if (!['queued', 'running'].includes(job.status)) settle(job);
          })
          .catch(reject);
      });
    },
    async cancel(jobId) {
      const before = await store.jobs.get(jobId);
      if (!before || !['queued', 'running'].includes(before.status)) return false;
      const local = runningJobs.get(jobId);
      if (local) local.cancel = true;
      const after = await store.jobs.requestCancel(jobId);
      if (after.status === 'cancelled') settle(after);
      return true;
    },
    async idle() {
      while (pumper.current || runningJobs.size > 0) {
        await pumper.current;
        await Promise.all([...runningJobs.values()].map((r) => r.done));
      }
    },
    running: () => [...runningJobs.keys()],
    async close() {
      closed = true;
      for (const entry of runningJobs.values()) entry.cancel = true;
      await pumper.current;
      await Promise.all([...runningJobs.values()].map((r) => r.done));
    },
  };
}
