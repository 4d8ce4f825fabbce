import { PgBoss, type Job as BossJob } from 'pg-boss';
import { coalesced } from './coalesce';
import type { Job, Store } from '@twinsync/sync-store';
import {
  JobCancelledError,
  type JobControl,
  type JobQueue,
  type JobQueueOptions,
  type PartitionChannel,
} from './job-queue';

/** The job was handed to another worker (this one missed its heartbeats): stop, write nothing more. */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
  constructor(readonly jobId: string) {
    super(`Job ${jobId} is held by another worker now`);
  }
}

/** This worker is shutting down: the job goes back to the queue for another worker. */
export class WorkerStoppingError extends Error {
  override readonly name = 'WorkerStoppingError';
  constructor(readonly jobId: string) {
    super(`The worker stopped while running job ${jobId}; it is handed to another worker`);
  }
}

export interface ScaleOutQueueSettings {
  /** postgres:// URL of the store's database. */
  connectionString: string;
  /** pg-boss's own schema in that database (one per store). */
  bossSchema: string;
  /** Run jobs in this process (worker roles); false: only tell the workers (API role). */
  execute: boolean;
  /**
   * A job (or chunk) whose worker sent no heartbeat for this long is handed to another worker
   * (pg-boss `heartbeatSeconds`, at least 10; default 30).
   */
  heartbeatSeconds?: number;
  /** How often pg-boss looks for jobs whose heartbeat stopped (default 10 s). */
  superviseIntervalSeconds?: number;
  /** How often a worker asks for work (default 0.5 s; LISTEN/NOTIFY wakes an idle one sooner). */
  pollingIntervalSeconds?: number;
  /** Chunks of partitioned jobs processed at once in this process (default 1). */
  chunkConcurrency?: number;
  /** How many times a job or chunk is handed out again after its worker died (default 10). */
  retryLimit?: number;
}

export interface ScaleOutQueueOptions extends JobQueueOptions {
  settings: ScaleOutQueueSettings;
  /** Processes one chunk of a partitioned job (claims it, resumes at its cursor, finishes it). */
  runChunk(chunkId: string, jobId: string, control: JobControl): Promise<void>;
  /** Marks a chunk failed that no worker could finish (its workers kept dying). */
  abandonChunk(chunkId: string, reason: string): Promise<void>;
}

const jobsQueue = 'twinsync-jobs';
const chunksQueue = 'twinsync-chunks';
const deadJobsQueue = 'twinsync-jobs-dead';
const deadChunksQueue = 'twinsync-chunks-dead';

interface JobMessage {
  jobId: string;
}
interface ChunkMessage {
  jobId: string;
  chunkId: string;
}

const terminal = (job: Job) => !['queued', 'running'].includes(job.status);

/**
 * The scale-out queue: store rows stay the jobs the portal shows; pg-boss tells the workers.
 * Every queued row is sent to the `twinsync-jobs` queue under its own id with `singletonKey` = its
 * mapping on a `singleton` queue, so across all workers at most one job per mapping is active.
 * A worker that stops beating loses its job after `heartbeatSeconds`; pg-boss hands it out again
 * and the next worker takes the row over (`jobs.takeOver`). Chunks of a partitioned initial sync
 * go through `twinsync-chunks` (standard policy: several at once, each to one worker).
 */
export function createPgBossQueue(options: ScaleOutQueueOptions): JobQueue {
  const { store, workerId, logger, settings } = options;
  const heartbeatSeconds = Math.max(10, settings.heartbeatSeconds ?? 30);
  const retryLimit = settings.retryLimit ?? 10;
  const leaseCheckMs = options.leaseCheckMs ?? 1000;
  const pollMs = 250;
  const boss = new PgBoss({
    connectionString: settings.connectionString,
    schema: settings.bossSchema,
    max: 4,
    superviseIntervalSeconds: settings.superviseIntervalSeconds ?? 10,
    monitorIntervalSeconds: settings.superviseIntervalSeconds ?? 10,
    useListenNotify: true,
    // Scheduled runs are enqueued by the engine's scheduler (one tick at a time, see ADR 013).
    schedule: false,
  });
  boss.on('error', (error) => logger.warn({ err: error }, 'pg-boss reported an error'));
  const running = new Map<string, { stop: 'no' | 'cancel' | 'stopping'; done: Promise<void> }>();
  const chunkWork = new Set<Promise<void>>();
  let started: Promise<void> | null = null;
  let closed = false;

  const queueOptions = {
    heartbeatSeconds,
    // The heartbeat decides when a worker is gone; a long job is not killed by age.
    expireInSeconds: 24 * 60 * 60,
    retryLimit,
    retryDelay: 1,
    deleteAfterSeconds: 24 * 60 * 60,
    notify: true,
  };

  async function setUp() {
    await boss.start();
    await boss.createQueue(deadJobsQueue, { retryLimit: 0 });
    await boss.createQueue(deadChunksQueue, { retryLimit: 0 });
    await boss.createQueue(jobsQueue, {
      ...queueOptions,
      policy: 'singleton',
      deadLetter: deadJobsQueue,
    });
    await boss.createQueue(chunksQueue, { ...queueOptions, deadLetter: deadChunksQueue });
    if (!settings.execute) return;
    // NOTIFY wakes an idle worker at once; a worker that just finished a job polls again after
    // this interval (pg-boss's slower default backstop would leave queued chunks waiting).
    const seconds = settings.pollingIntervalSeconds ?? 0.5;
    const polling = { pollingIntervalSeconds: seconds, notifyPollingIntervalSeconds: seconds };
    // One pg-boss worker per slot (not localConcurrency), so each can be woken by its id: a slot
    // that just finished fetches its next job at once instead of after the polling interval.
    const jobWorkers: string[] = [];
    for (let i = 0; i < Math.max(1, options.maxConcurrent); i++) {
      jobWorkers.push(
        await boss.work<JobMessage>(jobsQueue, polling, async ([message]) => {
          if (message) await handleJob(message).finally(() => wake(jobWorkers));
        }),
      );
    }
    const chunkWorkers: string[] = [];
    for (let i = 0; i < Math.max(1, settings.chunkConcurrency ?? 1); i++) {
      chunkWorkers.push(
        await boss.work<ChunkMessage>(chunksQueue, polling, async ([message]) => {
          if (message) await handleChunk(message).finally(() => wake(chunkWorkers));
        }),
      );
    }
    await boss.work<JobMessage>(deadJobsQueue, polling, async ([message]) => {
      if (!message) return;
      const reason = `Its worker stopped ${retryLimit + 1} times; the job was given up.`;
      await store.jobs.finish(message.data.jobId, 'failed', { error: reason });
      const job = await store.jobs.get(message.data.jobId);
      if (job) options.onFinished(job);
    });
    await boss.work<ChunkMessage>(deadChunksQueue, polling, async ([message]) => {
      if (!message) return;
      await options.abandonChunk(
        message.data.chunkId,
        `Its worker stopped ${retryLimit + 1} times; the chunk was given up.`,
      );
    });
  }

  const ready = () => (started ??= setUp());

  function wake(workers: readonly string[]) {
    for (const id of workers) boss.notifyWorker(id);
  }

  function control(jobId: string, message: BossJob<unknown>): JobControl {
    let lastCheck = 0;
    return {
      async checkpoint() {
        const local = running.get(jobId);
        if (local?.stop === 'cancel') throw new JobCancelledError(jobId);
        if (local?.stop === 'stopping' || closed) throw new WorkerStoppingError(jobId);
        if (message.signal.aborted) throw new LeaseLostError(jobId);
        const now = options.now().getTime();
        if (now - lastCheck < leaseCheckMs) return;
        lastCheck = now;
        const job = await store.jobs.get(jobId);
        if (job?.cancelRequested) throw new JobCancelledError(jobId);
        if (job && (job.status !== 'running' || job.claimedBy !== workerId)) {
          throw new LeaseLostError(jobId);
        }
        await store.jobs.heartbeat(jobId, workerId);
      },
      async fence(tx) {
        if (!(await tx.jobs.heartbeat(jobId, workerId))) throw new LeaseLostError(jobId);
      },
    };
  }

  async function heldByAnother(jobId: string): Promise<boolean> {
    const current = await store.jobs.get(jobId).catch(() => null);
    return current !== null && current.claimedBy !== workerId;
  }

  async function handleJob(message: BossJob<JobMessage>) {
    const job = await store.jobs.takeOver(message.data.jobId, workerId);
    if (!job) return;
    if (job.cancelRequested) {
      await store.jobs.finish(job.id, 'cancelled', { worker: workerId });
      await settled(job.id);
      return;
    }
    const entry: { stop: 'no' | 'cancel' | 'stopping'; done: Promise<void> } = {
      stop: closed ? 'stopping' : 'no',
      done: Promise.resolve(),
    };
    running.set(job.id, entry);
    const beat = setInterval(() => {
      store.jobs.heartbeat(job.id, workerId).catch((error: unknown) => {
        logger.warn({ err: error, jobId: job.id }, 'heartbeat failed');
      });
    }, options.heartbeatMs ?? 10_000);
    beat.unref();
    const work = (async (): Promise<WorkerStoppingError | null> => {
      try {
        await options.run(job, control(job.id, message));
        await store.jobs.finish(job.id, 'succeeded', { worker: workerId });
      } catch (error) {
        if (error instanceof JobCancelledError) {
          await store.jobs.finish(job.id, 'cancelled', { worker: workerId });
        } else if (error instanceof LeaseLostError || (await heldByAnother(job.id))) {
          // Also a failure after the job changed hands (e.g. PostgreSQL ended the session of a
          // worker frozen mid-transaction): the other worker's run is the job's run now.
          logger.warn({ jobId: job.id }, 'another worker took the job over; stopped here');
        } else if (error instanceof WorkerStoppingError) {
          // pg-boss retries the attempt: another worker (or this one, restarted) continues.
          return error;
        } else {
          logger.error({ err: error, jobId: job.id }, 'sync job failed');
          const text = error instanceof Error ? error.message : String(error);
          await store.jobs.finish(job.id, 'failed', { worker: workerId, error: text });
        }
      } finally {
        clearInterval(beat);
        running.delete(job.id);
      }
      return null;
    })();
    entry.done = work.then(
      () => undefined,
      () => undefined,
    );
    const handOver = await work;
    if (handOver) throw handOver;
    await settled(job.id);
  }

  /** Waiters of jobs finished in this process are told at once (others poll the store). */
  const localWaiters = new Map<string, Set<(job: Job) => void>>();

  async function settled(jobId: string) {
    const finished = await store.jobs.get(jobId);
    if (!finished || !terminal(finished)) return;
    options.onFinished(finished);
    for (const resolve of localWaiters.get(jobId) ?? []) resolve(finished);
    localWaiters.delete(jobId);
  }

  async function handleChunk(message: BossJob<ChunkMessage>) {
    const { jobId, chunkId } = message.data;
    let lastCheck = 0;
    const chunkControl: JobControl = {
      async checkpoint() {
        if (closed) throw new WorkerStoppingError(jobId);
        if (message.signal.aborted) throw new LeaseLostError(jobId);
        const now = options.now().getTime();
        if (now - lastCheck < leaseCheckMs) return;
        lastCheck = now;
        const job = await store.jobs.get(jobId);
        if (!job || terminal(job) || job.cancelRequested) throw new JobCancelledError(jobId);
      },
      async fence(tx) {
        if (!(await tx.jobChunks.holds(chunkId, workerId))) throw new LeaseLostError(jobId);
      },
    };
    const work = options.runChunk(chunkId, jobId, chunkControl);
    const tracked = work.catch(() => undefined);
    chunkWork.add(tracked);
    try {
      await work;
    } finally {
      chunkWork.delete(tracked);
    }
  }

  async function sendQueued() {
    await ready();
    const queued = (await store.jobs.active()).filter((j) => j.status === 'queued');
    for (const job of queued) {
      // Sent under the row's own id: sending it again is a no-op while pg-boss still holds it.
      await boss.send(
        jobsQueue,
        { jobId: job.id },
        { id: job.id, singletonKey: job.mappingId ?? 'no-mapping' },
      );
    }
  }

  const pumper = coalesced(sendQueued, {
    stopped: () => closed,
    onError: (error) => logger.error({ err: error }, 'could not hand queued jobs to pg-boss'),
  });
  function pump() {
    pumper.request();
  }

  const partitions: PartitionChannel = {
    async dispatch(jobId, chunkIds) {
      await ready();
      for (const chunkId of chunkIds) {
        await boss.send(chunksQueue, { jobId, chunkId }, { id: chunkId });
      }
    },
  };

  /** Resolves when the job finished: told by this process's worker, or seen in the store. */
  async function waitForStore(jobId: string): Promise<Job> {
    let local: Job | null = null;
    let wake: () => void = () => undefined;
    const listener = (job: Job) => {
      local = job;
      wake();
    };
    const listeners = localWaiters.get(jobId) ?? new Set();
    listeners.add(listener);
    localWaiters.set(jobId, listeners);
    try {
      for (;;) {
        const job = local ?? (await store.jobs.get(jobId));
        if (!job) throw new Error(`No job ${jobId}`);
        if (terminal(job)) return job;
        if (closed) throw new Error(`The queue closed while waiting for job ${jobId}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, pollMs);
        });
      }
    } finally {
      localWaiters.get(jobId)?.delete(listener);
    }
  }

  return {
    async start() {
      await ready();
      pump();
    },
    pump,
    takeBackStale: () => Promise.resolve([]),
    partitions,
    waitFor: waitForStore,
    async cancel(jobId) {
      const before = await store.jobs.get(jobId);
      if (!before || terminal(before)) return false;
      const local = running.get(jobId);
      if (local) local.stop = 'cancel';
      await store.jobs.requestCancel(jobId);
      return true;
    },
    /**
     * Resolves when no job is queued or running in any worker: a job this process handed to
     * pg-boss may not have been fetched yet, so an empty local worker is not enough.
     */
    async idle() {
      for (;;) {
        while (pumper.current || running.size > 0 || chunkWork.size > 0) {
          await pumper.current;
          await Promise.all([...running.values()].map((r) => r.done));
          await Promise.all([...chunkWork]);
        }
        if ((await store.jobs.active()).length === 0 || closed) return;
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    },
    running: () => [...running.keys()],
    async close() {
      closed = true;
      for (const entry of running.values()) entry.stop = 'stopping';
      await pumper.current;
      if (!started) return;
      await started.catch(() => undefined);
      await Promise.all([...running.values()].map((r) => r.done));
      await Promise.all([...chunkWork]);
      await boss.stop({ graceful: true, close: true, timeout: 10_000 });
    },
  };
}

export type StoreForQueue = Pick<Store, 'jobs'>;
