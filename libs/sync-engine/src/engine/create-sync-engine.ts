import type { Job, JobTrigger, Store } from '@twinsync/sync-store';
import { createIdGenerator } from '@twinsync/sync-store';
import { coupleRecords, runActionOnCouplings } from '../actions/run-action';
import { synchronizedValues } from '../actions/synchronize-values';
import type {
  ActionResult,
  ActionTarget,
  EngineAction,
  RunActionRequest,
  SynchronizeChoice,
  SynchronizePreview,
  TargetOutcome,
} from '../actions/types';
import { createStoreExtras } from '../adapters/store-extras';
import { defaultDomain } from '../domain/default-domain';
import type { Domain } from '../domain/domain';
import { ensureMappingRows, withSettings } from '../domain/mapping-settings';
import type { EngineMapping } from '../domain/model';
import { createEngineEvents, type EngineListener } from '../events/engine-events';
import { emptyCounters } from '../jobs/counters';
import type { EngineHooks, JobContext } from '../jobs/job-context';
import { entityOf } from '../jobs/job-context';
import { processBatch, loadWorks } from '../jobs/process-batch';
import type { RecordResult } from '../jobs/results';
import { runSyncJob, type RunDirection } from '../jobs/run-sync-job';
import { silentLogger, type AppProbeResult, type EngineLogger, type Side } from '../ports';
import {
  createJobQueue,
  JobCancelledError,
  type JobControl,
  type JobQueue,
  type JobQueueOptions,
} from '../queue/job-queue';
import {
  createPgBossQueue,
  LeaseLostError,
  WorkerStoppingError,
  type ScaleOutQueueSettings,
} from '../queue/pg-boss-queue';
import {
  awaitChunks,
  defaultPartitionSettings,
  partitionable,
  prepareChunks,
  processChunk,
  type PartitionSettings,
} from '../scale/partitioned-sync';
import { createScheduler } from '../scheduler/scheduler';
import { crmApp, erpApp, type CrmInput, type ErpInput } from './apps-from-options';
import { toJobResult, type JobResult } from './job-result';
import { projectWork } from '../jobs/plan';

export interface SyncEngineOptions {
  store: Store;
  /** An AppPort, a connectors client, or `{url, token}`; default from ERP_URL / ERP_TOKEN. */
  erp?: ErpInput;
  /** An AppPort, a connectors client, or `{url, token}`; default from CRM_URL / CRM_TOKEN. */
  crm?: CrmInput;
  env?: Record<string, string | undefined>;
  /** The rules (decisions, skip rule) and mappings; default: the standard three. */
  domain?: Domain;
  /** Replace the domain's mappings (e.g. with different policies). */
  mappings?: readonly EngineMapping[];
  clock?: () => Date;
  logger?: EngineLogger;
  ids?: () => string;
  /** Records per processing batch (default 500). */
  batchSize?: number;
  /**
   * Uncoupled records in one batch from which match-based coupling scans the other app's
   * (id, match value) pairs once per job instead of querying by value (default 100).
   */
  matchIndexMin?: number;
  /**
   * Scheduled sync interval for every mapping. When not given, each mapping runs every
   * `scheduleMinutes` of its store row (30 by default, admins change it per mapping).
   */
  scheduleIntervalMs?: number;
  /**
   * How often a scheduled run also sweeps for deleted records (default 6 hours; the first scheduled
   * run of an engine always does).
   */
  sweepIntervalMs?: number;
  /** How often the scheduler looks for mappings that are due (default: 60 s, or the interval when shorter). */
  scheduleCheckMs?: number;
  maxConcurrentJobs?: number;
  workerId?: string;
  /**
   * A running job whose heartbeat is older than this is taken back (its worker died) at start and
   * on every scheduler tick (default 60 s; running jobs beat every 10 s).
   */
  staleJobMs?: number;
  hooks?: EngineHooks;
  /**
   * Scale-out mode (ADR 013): pg-boss in the store's PostgreSQL database tells the workers, and a
   * large first sync is split into chunks that several workers process at once. On by default
   * when the store is PostgreSQL; `false` keeps the in-process queue (one process per database).
   */
  scaleOut?: ScaleOutOptions | false;
  /**
   * Run jobs in this process (default true). false: enqueue only, the workers run them (the API
   * role); needs the scale-out queue.
   */
  runJobs?: boolean;
  /** Run the scheduler (default: as `runJobs`); only one tick runs at a time across processes. */
  runScheduler?: boolean;
}

export interface ScaleOutOptions extends Partial<Omit<ScaleOutQueueSettings, 'execute'>> {
  partition?: Partial<PartitionSettings>;
}

export class EngineRoleError extends Error {
  override readonly name = 'EngineRoleError';
}

export type DirectionInput = RunDirection | 'erpToCrm' | 'crmToErp';

export interface RunSyncRequest {
  mapping: string;
  direction?: DirectionInput;
  full?: boolean;
  /**
   * Also look for records deleted in either app (ids only, no full re-read): how ERP deletions,
   * which have no tombstones, are found between full runs. Implied by `full`.
   */
  sweep?: boolean;
  dryRun?: boolean;
  trigger?: JobTrigger;
  requestedBy?: string | null;
}

export interface SyncRecordRequest {
  mapping: string;
  erpId?: string;
  crmId?: string;
  couplingId?: string;
  requestedBy?: string | null;
}

export class UnknownMappingError extends Error {
  override readonly name = 'UnknownMappingError';
  constructor(readonly mappingId: string) {
    super(`There is no mapping "${mappingId}"`);
  }
}

function normalizeDirection(direction: DirectionInput | undefined): RunDirection {
  if (direction === 'erpToCrm') return 'erp-to-crm';
  if (direction === 'crmToErp') return 'crm-to-erp';
  return direction ?? 'both';
}

interface SyncParams {
  kind: 'sync';
  full: boolean;
  sweep?: boolean;
}
interface RecordParams {
  kind: 'record';
  erpId: string | null;
  crmId: string | null;
  couplingId: string | null;
}
interface ActionParams {
  kind: 'action';
  action: EngineAction;
  targets: { couplingId: string; errorId: string | null }[];
}
type JobParams = SyncParams | RecordParams | ActionParams;

/** How often a running job's processed count is written to its row. */
const progressWriteMs = 1000;

export function createSyncEngine(options: SyncEngineOptions) {
  const { store } = options;
  const env = options.env ?? {};
  const now = options.clock ?? (() => new Date());
  const logger = options.logger ?? silentLogger;
  const newId = options.ids ?? createIdGenerator(now);
  const batchSize = options.batchSize ?? 500;
  const workerId = options.workerId ?? `engine-${newId()}`;
  const domain = options.domain ?? defaultDomain;
  const mappings = options.mappings ?? domain.mappings;
  const apps = { erp: erpApp(options.erp, env), crm: crmApp(options.crm, env) };
  const extras = createStoreExtras(store);
  const events = createEngineEvents((error) => logger.warn({ err: error }, 'listener failed'));
  const actionOutcomes = new Map<string, TargetOutcome[]>();
  const jobResults = new Map<string, { counters: Record<string, number>; previews: unknown[] }>();
  let ready: Promise<void> | null = null;
  const runJobs = options.runJobs ?? true;
  const runScheduler = options.runScheduler ?? runJobs;
  const scaleOut = options.scaleOut === false || !store.postgres ? null : (options.scaleOut ?? {});
  const partition: PartitionSettings = { ...defaultPartitionSettings, ...scaleOut?.partition };
  if (!runJobs && !scaleOut) {
    throw new EngineRoleError(
      'An engine that runs no jobs needs workers elsewhere: the scale-out queue on a PostgreSQL store (DATABASE_URL=postgres://…).',
    );
  }

  const ensureReady = () => (ready ??= ensureMappingRows(store, mappings));

  function definition(mappingId: string): EngineMapping {
    const found = mappings.find((m) => m.id === mappingId);
    if (!found) throw new UnknownMappingError(mappingId);
    return found;
  }

  async function contextFor(
    job: Pick<Job, 'id' | 'mappingId' | 'dryRun'>,
    control: JobControl,
    direction: RunDirection,
  ): Promise<JobContext> {
    const mapping = withSettings(
      definition(job.mappingId ?? ''),
      await store.mappings.get(job.mappingId ?? ''),
    );
    const counters = emptyCounters();
    let progressWrittenAt = 0;
    const ctx: JobContext = {
      jobId: job.id,
      mapping,
      domain,
      apps,
      store,
      extras,
      now,
      logger,
      dryRun: job.dryRun,
      allowed: {
        toCrm: mapping.direction !== 'crm-to-erp' && direction !== 'crm-to-erp',
        toErp: mapping.direction !== 'erp-to-crm' && direction !== 'erp-to-crm',
      },
      matchExisting: true,
      matchIndexes: new Map(),
      matchIndexMin: options.matchIndexMin ?? 100,
      counters,
      previews: [],
      processed: 0,
      batches: 0,
      checkpoint: () => control.checkpoint(),
      fence: control.fence?.bind(control) ?? null,
      hooks: options.hooks ?? {},
      resolution: { name: 'synced', by: null },
      onBatch(results: readonly RecordResult[]) {
        // The job row's count, at most once a second (runJob writes the last one): it is one more
        // write transaction, and progress reaches the portal as events after every batch anyway.
        if (Date.now() - progressWrittenAt >= progressWriteMs) {
          progressWrittenAt = Date.now();
          void store.jobs.setProgress(job.id, ctx.processed).catch(() => undefined);
        }
        emitProgress(job, 'running', ctx.processed, counters);
        if (results.some((r) => r.error || r.resolve)) {
          events.emit({ type: 'errorsChanged', mappingId: job.mappingId, at: now() });
        }
      },
    };
    return ctx;
  }

  function emitProgress(
    job: Pick<Job, 'id' | 'mappingId'>,
    state: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled',
    processed: number,
    counters: Readonly<Record<string, number>>,
  ) {
    events.emit({
      type: 'jobProgress',
      jobId: job.id,
      mappingId: job.mappingId,
      state,
      processed,
      total: null,
      counters: { ...counters },
      at: now(),
    });
  }

  async function runJob(job: Job, control: JobControl) {
    const params = (job.params ?? { kind: 'sync', full: false }) as JobParams;
    const direction = job.direction ?? 'both';
    const ctx = await contextFor(job, control, direction);
    emitProgress(job, 'running', 0, ctx.counters);
    try {
      switch (params.kind) {
        case 'sync':
          {
            const erpFrom = await runChunksFirst(job, ctx, params.full);
            await runSyncJob(
              ctx,
              {
                direction,
                full: params.full,
                sweep: params.sweep ?? false,
                ...(erpFrom === null ? {} : { erpFrom }),
              },
              { batchSize, newId },
            );
          }
          break;
        case 'record':
          await runRecordJob(ctx, params);
          break;
        case 'action':
          ctx.resolution = { name: params.action.type, by: job.requestedBy };
          {
            const outcomes = await runActionJob(ctx, params);
            actionOutcomes.set(job.id, outcomes);
            // Kept with the job: the process that asked (e.g. an API process) may not be this one.
            await store.jobs.setResult(job.id, { outcomes });
          }
          break;
      }
    } finally {
      jobResults.set(job.id, { counters: { ...ctx.counters }, previews: ctx.previews });
      if (ctx.processed > 0)
        await store.jobs.setProgress(job.id, ctx.processed).catch(() => undefined);
    }
  }

  async function runRecordJob(ctx: JobContext, params: RecordParams) {
    const { mapping } = ctx;
    let coupling = params.couplingId ? await store.couplings.get(params.couplingId) : null;
    if (!coupling && params.erpId)
      coupling = await store.couplings.findByErpId(mapping.id, params.erpId);
    if (!coupling && params.crmId)
      coupling = await store.couplings.findByCrmId(mapping.id, params.crmId);
    const origin: Side = params.crmId && !params.erpId ? 'crm' : 'erp';
    if (coupling) {
      await processBatch(ctx, [{ coupling, origin }], newId);
      return;
    }
    const id = origin === 'erp' ? params.erpId : params.crmId;
    if (!id) throw new Error(`No coupling ${params.couplingId ?? ''} in mapping ${mapping.id}.`);
    const entity = entityOf(mapping, origin);
    const found = await apps[origin].getMany(entity, [id]);
    const record = found.get(id) ?? null;
    if (!record) {
      throw new Error(
        `The ${origin.toUpperCase()} has no ${entity} record ${id}, and no coupling names it.`,
      );
    }
    await processBatch(
      ctx,
      [{ coupling: null, origin, [origin]: record, [origin === 'erp' ? 'crm' : 'erp']: null }],
      newId,
    );
  }

  async function runActionJob(ctx: JobContext, params: ActionParams): Promise<TargetOutcome[]> {
    ctx.allowed = { toErp: true, toCrm: true };
    const { action } = params;
    if (action.type === 'couple') return coupleRecords(ctx, action.pairs, newId);
    const couplings = await store.couplings.getMany(params.targets.map((t) => t.couplingId));
    const byId = new Map(couplings.map((c) => [c.id, c]));
    const missing: TargetOutcome[] = [];
    const items = params.targets.flatMap((target) => {
      const coupling = byId.get(target.couplingId);
      if (coupling && coupling.mappingId === ctx.mapping.id) return [{ target, coupling }];
      missing.push({
        couplingId: target.couplingId,
        errorId: target.errorId,
        status: 'failed',
        message: coupling
          ? `The coupling belongs to mapping ${coupling.mappingId}.`
          : 'The coupling does not exist (any more).',
      });
      return [];
    });
    const outcomes: TargetOutcome[] = [];
    for (let i = 0; i < items.length; i += batchSize) {
      await ctx.checkpoint();
      outcomes.push(
        ...(await runActionOnCouplings(ctx, action, items.slice(i, i + batchSize), newId)),
      );
    }
    return [...outcomes, ...missing];
  }

  /**
   * Scale-out: a large first (or full) sync hands its ERP side to chunks that every worker takes
   * from the queue; this job waits for them (beating, still the mapping's only job), then runs as
   * usual from the ERP change token as of the chunks' listing — what the chunks did is not read
   * again, what changed since is. Returns that token (null: no chunks, or none to start from).
   */
  async function runChunksFirst(job: Job, ctx: JobContext, full: boolean): Promise<string | null> {
    const channel = queue.partitions;
    if (!channel) return null;
    // A job taken over from a dead coordinator resumes its chunks, whatever the store holds now.
    const resumed = (await store.jobChunks.statesByJob(job.id)).length > 0;
    if (!resumed && !(await partitionable(ctx, full))) return null;
    const { chunks, erpToken } = await prepareChunks(ctx, partition);
    if (chunks.length === 0) return null;
    const total = chunks.reduce((sum, c) => sum + c.total, 0);
    const row = await store.jobs.require(job.id);
    await store.jobs.setProgress(job.id, row.progressDone, total);
    logger.info({ jobId: job.id, chunks: chunks.length, records: total }, 'partitioned first sync');
    await awaitChunks(ctx, chunks, channel, partition);
    ctx.processed = (await store.jobs.require(job.id)).progressDone;
    return erpToken;
  }

  /** Match indexes shared by the chunks of one job in this process (built once, not per chunk). */
  const chunkIndexes = new Map<string, JobContext['matchIndexes']>();

  async function runChunk(chunkId: string, jobId: string, control: JobControl) {
    const job = await store.jobs.get(jobId);
    if (!job || !['queued', 'running'].includes(job.status)) {
      await store.jobChunks.abandon(chunkId, `The job ended ${job?.status ?? 'missing'}.`);
      return;
    }
    const chunk = await store.jobChunks.claim(chunkId, workerId);
    if (!chunk) return;
    const ctx = await contextFor(job, control, job.direction ?? 'both');
    const indexes = chunkIndexes.get(jobId) ?? new Map<string, Map<string, string>>();
    chunkIndexes.set(jobId, indexes);
    ctx.matchIndexes = indexes;
    ctx.onBatch = (results) => {
      void store.jobs.addProgress(jobId, results.length).catch(() => undefined);
      if (results.some((r) => r.error || r.resolve)) {
        events.emit({ type: 'errorsChanged', mappingId: job.mappingId, at: now() });
      }
    };
    try {
      await processChunk(ctx, chunk, workerId, { batchSize, newId });
      await store.jobChunks.finish(chunkId, workerId, 'done');
    } catch (error) {
      // Handed to another worker (pg-boss retries the chunk; it resumes at its cursor).
      if (error instanceof WorkerStoppingError || error instanceof LeaseLostError) throw error;
      const message =
        error instanceof JobCancelledError
          ? 'The job was cancelled.'
          : error instanceof Error
            ? error.message
            : String(error);
      if (!(error instanceof JobCancelledError)) {
        logger.error({ err: error, jobId, chunkId }, 'chunk failed');
      }
      await store.jobChunks.finish(chunkId, workerId, 'failed', message);
    }
  }

  const queueOptions: JobQueueOptions = {
    store,
    workerId,
    now,
    logger,
    maxConcurrent: options.maxConcurrentJobs ?? 2,
    run: runJob,
    onFinished(job) {
      chunkIndexes.delete(job.id);
      const stored = jobResults.get(job.id);
      emitProgress(job, job.status, job.progressDone, stored?.counters ?? job.counters);
      events.emit({ type: 'errorsChanged', mappingId: job.mappingId, at: now() });
    },
  };
  const queue: JobQueue = scaleOut
    ? createPgBossQueue({
        ...queueOptions,
        settings: {
          connectionString: scaleOut.connectionString ?? store.postgres?.connectionString ?? '',
          bossSchema: scaleOut.bossSchema ?? queueSchemaFor(store.postgres?.schema ?? 'public'),
          execute: runJobs,
          ...scaleOut,
        },
        runChunk,
        abandonChunk: (chunkId, reason) => store.jobChunks.abandon(chunkId, reason),
      })
    : createJobQueue(queueOptions);

  async function enqueueJob(
    mappingId: string,
    fields: {
      type: 'initial' | 'incremental' | 'dry-run' | 'record' | 'action';
      trigger: JobTrigger;
      direction: RunDirection;
      dryRun: boolean;
      params: JobParams;
      requestedBy: string | null;
    },
  ): Promise<{ jobId: string }> {
    definition(mappingId);
    await ensureReady();
    const job = await store.jobs.enqueue({
      mappingId,
      type: fields.type,
      trigger: fields.trigger,
      direction: fields.direction,
      dryRun: fields.dryRun,
      params: fields.params,
      requestedBy: fields.requestedBy,
    });
    emitProgress(job, 'queued', 0, job.counters);
    queue.pump();
    return { jobId: job.id };
  }

  async function waitForJob(jobId: string): Promise<JobResult> {
    const job = await queue.waitFor(jobId);
    return toJobResult(job, jobResults.get(jobId)?.previews ?? []);
  }

  async function enqueue(request: RunSyncRequest) {
    const full = request.full ?? false;
    const dryRun = request.dryRun ?? false;
    return enqueueJob(request.mapping, {
      type: dryRun ? 'dry-run' : full ? 'initial' : 'incremental',
      trigger: request.trigger ?? 'manual',
      direction: normalizeDirection(request.direction),
      dryRun,
      params: { kind: 'sync', full, sweep: request.sweep ?? false },
      requestedBy: request.requestedBy ?? null,
    });
  }

  /** One action job on one mapping; its outcomes, or every target failed with the job's error. */
  async function actionJob(
    mappingId: string,
    action: EngineAction,
    targets: readonly ActionTarget[],
    requestedBy: string,
  ): Promise<ActionResult> {
    const { jobId } = await enqueueJob(mappingId, {
      type: 'action',
      trigger: 'admin',
      direction: 'both',
      dryRun: false,
      params: { kind: 'action', action, targets: targets.map((t) => ({ ...t })) },
      requestedBy,
    });
    const result = await waitForJob(jobId);
    const outcomes = actionOutcomes.get(jobId) ?? outcomesOf(await store.jobs.get(jobId));
    actionOutcomes.delete(jobId);
    if (outcomes) return { jobId, outcomes };
    const message = result.error ?? `The action job ended ${result.status}.`;
    return {
      jobId,
      outcomes: targets.map((t) => ({
        couplingId: t.couplingId,
        errorId: t.errorId,
        status: 'failed',
        message,
      })),
    };
  }

  /**
   * Runs an admin action: Retry and Dismiss on our bookkeeping only; Couple as one job of its
   * mapping; every other action as one job per mapping of its targets (outcomes in target order).
   */
  async function runAction(request: RunActionRequest): Promise<ActionResult> {
    const { action, requestedBy } = request;
    if (action.type === 'retry' || action.type === 'dismiss') {
      return storeOnlyAction(action.type, request);
    }
    if (action.type === 'couple') return actionJob(action.mappingId, action, [], requestedBy);
    const couplings = await store.couplings.getMany(request.targets.map((t) => t.couplingId));
    const mappingOf = new Map(couplings.map((c) => [c.id, c.mappingId]));
    const groups = new Map<string, ActionTarget[]>();
    for (const target of request.targets) {
      const mappingId = mappingOf.get(target.couplingId);
      if (!mappingId || !mappings.some((m) => m.id === mappingId)) continue;
      groups.set(mappingId, [...(groups.get(mappingId) ?? []), target]);
    }
    if (groups.size === 0) {
      // Nothing to do, but the request still gets a job (the API reports under its id).
      groups.set(mappings[0]?.id ?? '', []);
    }
    const results = await Promise.all(
      [...groups].map(([mappingId, targets]) => actionJob(mappingId, action, targets, requestedBy)),
    );
    const byCoupling = new Map<string | null, TargetOutcome[]>();
    for (const outcome of results.flatMap((r) => r.outcomes)) {
      byCoupling.set(outcome.couplingId, [...(byCoupling.get(outcome.couplingId) ?? []), outcome]);
    }
    const outcomes = request.targets.map(
      (t): TargetOutcome =>
        byCoupling.get(t.couplingId)?.shift() ?? {
          couplingId: t.couplingId,
          errorId: t.errorId,
          status: 'failed',
          message: 'The coupling does not exist (any more).',
        },
    );
    return { jobId: results[0]?.jobId ?? '', outcomes };
  }

  /** Retry and Dismiss change only our bookkeeping (no app is called). */
  async function storeOnlyAction(
    type: 'retry' | 'dismiss',
    request: RunActionRequest,
  ): Promise<ActionResult> {
    const couplingIds = request.targets.map((t) => t.couplingId);
    const errorIds = request.targets.flatMap((t) => (t.errorId ? [t.errorId] : []));
    const first = couplingIds[0] ? await store.couplings.get(couplingIds[0]) : null;
    const job = await store.jobs.enqueue({
      mappingId: first?.mappingId ?? null,
      type: 'action',
      trigger: 'admin',
      params: { kind: 'action', action: { type }, targets: request.targets },
      requestedBy: request.requestedBy,
      // Running under this engine from the start: no queue (nor another worker) ever picks it up.
      claimedBy: workerId,
    });
    if (type === 'retry') {
      await store.transaction(async (tx) => {
        await tx.couplings.setSkipped(couplingIds, false);
      });
    } else {
      const options = { resolution: 'dismissed', resolvedBy: request.requestedBy };
      if (errorIds.length > 0) await store.errors.resolveByIds(errorIds, options);
      const bare = request.targets.filter((t) => !t.errorId).map((t) => t.couplingId);
      if (bare.length > 0) await store.errors.resolveByCouplingIds(bare, options);
    }
    await store.jobs.finish(job.id, 'succeeded');
    events.emit({ type: 'errorsChanged', mappingId: first?.mappingId ?? null, at: now() });
    return {
      jobId: job.id,
      outcomes: request.targets.map((t) => ({
        couplingId: t.couplingId,
        errorId: t.errorId,
        status: 'succeeded',
        message: null,
      })),
    };
  }

  async function previewSynchronize(
    couplingId: string,
    choice: SynchronizeChoice,
  ): Promise<SynchronizePreview> {
    const coupling = await store.couplings.require(couplingId);
    const mapping = withSettings(
      definition(coupling.mappingId),
      await store.mappings.get(coupling.mappingId),
    );
    const ctx = await contextFor(
      { id: 'preview', mappingId: mapping.id, dryRun: true },
      { checkpoint: () => Promise.resolve() },
      'both',
    );
    const [work] = await loadWorks(ctx, [{ coupling, origin: 'erp' }], newId);
    if (!work) throw new Error('no work');
    if (work.failure) throw new Error(work.failure.message);
    projectWork(ctx, work);
    const erp = work.erpCanon ?? {};
    const crm = work.crmCanon ?? {};
    const base = coupling.base;
    const result = synchronizedValues(mapping.fields, base, erp, crm, choice);
    return {
      couplingId,
      fields: mapping.fields.map((field) => ({
        field,
        base: base?.[field] ?? null,
        erp: erp[field] ?? null,
        crm: crm[field] ?? null,
        result: result[field] ?? null,
        erpChanges: (erp[field] ?? null) !== (result[field] ?? null),
        crmChanges: (crm[field] ?? null) !== (result[field] ?? null),
      })),
    };
  }

  async function probeApps(): Promise<(AppProbeResult & { app: Side })[]> {
    const [erp, crm] = await Promise.all([apps.erp.probe(), apps.crm.probe()]);
    return [
      { app: 'erp', ...erp },
      { app: 'crm', ...crm },
    ];
  }

  /** Jobs left running by a worker that stopped beating go back to the queue, and run here. */
  async function takeBackStaleJobs() {
    if (!runJobs) return;
    const staleBefore = new Date(now().getTime() - (options.staleJobMs ?? 60_000));
    const taken = await queue.takeBackStale(staleBefore);
    if (taken.length > 0) logger.warn({ jobs: taken }, 'took back jobs of a worker that stopped');
  }

  /** When this engine's scheduler last asked for a deletion sweep, per mapping. */
  const lastSweepAt = new Map<string, number>();

  /** A mapping's schedule: the engine-wide override, else its row's `scheduleMinutes`. */
  function scheduleMsOf(row: { scheduleMinutes: number } | null): number {
    if (options.scheduleIntervalMs !== undefined) return options.scheduleIntervalMs;
    const minutes = row?.scheduleMinutes ?? 30;
    return Math.max(1, minutes) * 60_000;
  }

  /** Due when no scheduled run was enqueued yet, or the last one is at least its interval old. */
  async function dueMappings(): Promise<string[]> {
    const due: string[] = [];
    for (const m of mappings) {
      const row = await store.mappings.get(m.id);
      if (row && (row.paused || !row.enabled)) continue;
      if ((await store.jobs.active(m.id)).length > 0) continue;
      const last = (await store.jobs.list({ mappingId: m.id, trigger: 'scheduled', limit: 1 }))
        .items[0];
      if (last && now().getTime() - Date.parse(last.createdAt) < scheduleMsOf(row)) continue;
      due.push(m.id);
    }
    return due;
  }

  const scheduler = createScheduler({
    intervalMs:
      options.scheduleCheckMs ?? Math.min(60_000, options.scheduleIntervalMs ?? 30 * 60_000),
    now,
    onError: (error) => logger.error({ err: error }, 'scheduled sync failed to start'),
    async onTick() {
      await ensureReady();
      await takeBackStaleJobs();
      // Several workers tick; one tick at a time across them, so a due mapping is enqueued once.
      await store.runExclusive('twinsync-scheduler-tick', async () => {
        for (const id of await dueMappings()) {
          const lastSweep = lastSweepAt.get(id);
          const sweep =
            lastSweep === undefined ||
            now().getTime() - lastSweep >= (options.sweepIntervalMs ?? 6 * 60 * 60_000);
          await enqueue({ mapping: id, trigger: 'scheduled', sweep, requestedBy: null });
          if (sweep) lastSweepAt.set(id, now().getTime());
        }
      });
    },
  });

  return {
    apps,
    mappings,
    /** Creates the mapping rows, takes back jobs of dead workers, starts the scheduler and queue. */
    async start() {
      await ensureReady();
      await takeBackStaleJobs();
      if (runScheduler) scheduler.start();
      await queue.start();
    },
    /** Stops the scheduler (timers cleared) and the queue; running jobs stop at their next batch. */
    async close() {
      scheduler.stop();
      await queue.close();
    },
    async stop() {
      scheduler.stop();
      await queue.close();
    },
    enqueue,
    async runSync(request: RunSyncRequest): Promise<JobResult> {
      const { jobId } = await enqueue(request);
      return waitForJob(jobId);
    },
    /** Manual sync of one record (by coupling, ERP id or CRM id). */
    async syncRecord(request: SyncRecordRequest): Promise<JobResult> {
      if (!request.erpId && !request.crmId && !request.couplingId) {
        throw new TypeError('syncRecord needs an erpId, a crmId or a couplingId.');
      }
      const { jobId } = await enqueueJob(request.mapping, {
        type: 'record',
        trigger: 'manual',
        direction: 'both',
        dryRun: false,
        params: {
          kind: 'record',
          erpId: request.erpId ?? null,
          crmId: request.crmId ?? null,
          couplingId: request.couplingId ?? null,
        },
        requestedBy: request.requestedBy ?? null,
      });
      return waitForJob(jobId);
    },
    runAction,
    previewSynchronize,
    waitForJob,
    /** Resolves when no job is queued or running (in scale-out mode: in any worker). */
    idle: () => queue.idle(),
    async cancel(jobId: string): Promise<boolean> {
      return queue.cancel(jobId);
    },
    probeApps,
    async diagnose() {
      await ensureReady();
      return {
        probes: await probeApps(),
        scheduler: scheduler.status(),
        mappings: await store.mappings.list(),
        activeJobs: await store.jobs.active(),
      };
    },
    subscribe: (listener: EngineListener) => events.subscribe(listener),
    schedulerStatus: () => scheduler.status(),
    /** Runs one scheduler tick now: enqueues a run of every mapping that is due and idle. */
    tick: () => scheduler.tick(),
    // The API's SyncEngine port (libs/sync-api/src/ports.ts).
    async startSyncJob(request: {
      mappingId: string;
      direction: DirectionInput;
      dryRun: boolean;
      requestedBy: string;
    }) {
      return enqueue({
        mapping: request.mappingId,
        direction: request.direction,
        dryRun: request.dryRun,
        trigger: 'manual',
        requestedBy: request.requestedBy,
      });
    },
    async cancelJob(jobId: string, _requestedBy: string) {
      return { cancelled: await queue.cancel(jobId) };
    },
  };
}

export type TwinSyncEngine = ReturnType<typeof createSyncEngine>;

/**
 * pg-boss's schema: `twinsync_queue` beside a store in `public`; a store in a schema of its own
 * (DATABASE_SCHEMA, tests) shares it with pg-boss, so dropping that schema removes both.
 */
export function queueSchemaFor(storeSchema: string): string {
  return storeSchema === 'public' ? 'twinsync_queue' : storeSchema;
}

/** An action's outcomes as the job that ran it stored them (another process may have run it). */
function outcomesOf(job: Job | null): TargetOutcome[] | null {
  const result = job?.result;
  if (typeof result !== 'object' || result === null || !('outcomes' in result)) return null;
  const outcomes = result.outcomes;
  return Array.isArray(outcomes) ? (outcomes as TargetOutcome[]) : null;
}
