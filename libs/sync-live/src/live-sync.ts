import {
  createCrmClient,
  createErpClient,
  type CrmClient,
  type ErpClient,
} from '@twinsync/connectors';
import { serviceRoot, silentLogger } from '@twinsync/sync-engine';
import { tables, type Store } from '@twinsync/sync-store';
import { createCrmPoller } from './crm-poller';
import { createDispatcher } from './dispatcher';
import { createErpSubscriptions, type ErpSubscriptions } from './erp-subscriptions';
import {
  crmDeltaKey,
  erpSubscriptionKey,
  liveRequester,
  type EngineLogger,
  type LiveEngine,
} from './ports';
import { createReceiver, receiverPath } from './receiver';
import { createStats, messageOf, percentile } from './stats';

export interface LiveSyncOptions {
  store: Store;
  engine: LiveEngine;
  /** A connectors client or `{url, token}` (an origin or the service root). */
  erp: ErpClient | { url: string; token: string };
  crm: CrmClient | { url: string; token: string };
  /**
   * Where the ERP reaches our receiver: its full URL, or the server's public origin (then
   * `/webhooks/erp` is appended), e.g. `TWINSYNC_PUBLIC_URL`. May instead be given to `start`
   * (a server on port 0 knows its URL only once it listens).
   */
  publicUrl?: string;
  clock?: () => Date;
  logger?: EngineLogger;
  /** CRM delta polling per live mapping (default 3000 ms). */
  pollIntervalMs?: number;
  /** How often due queue entries are looked for (default 200 ms). */
  dispatchIntervalMs?: number;
  /** A record is synced this long after its latest ERP notice (default 500 ms). */
  debounceMs?: number;
  /**
   * The same for records a CRM poll found (default 0: the poll interval already gathers the
   * changes of a few seconds, and waiting more only adds latency).
   */
  pollDebounceMs?: number;
  /** How often mapping modes and subscriptions are checked (default 5000 ms). */
  reconcileIntervalMs?: number;
  /** Renew an ERP subscription this long before it expires (default 1 day). */
  renewBeforeMs?: number;
  /** Above this many records due at once in a mapping, one incremental job (default 20). */
  recordJobLimit?: number;
  /** Above this many CRM changes in one poll, one incremental job (default 500). */
  maxChangesPerPoll?: number;
  /** A failed per-record job is tried once more after this delay (default 5000 ms). */
  retryDelayMs?: number;
}

/** What the portal shows of live sync (see `LiveSync.status`). */
export interface LiveStatus {
  /** Live sync is running in this process. */
  running: boolean;
  startedAt: string | null;
  /** Where the ERP posts notifications (null until a public URL is known). */
  notificationUrl: string | null;
  receiver: { calls: number; accepted: number; forged: number; lastNotificationAt: string | null };
  mappings: LiveMappingStatus[];
}

export interface LiveMappingStatus {
  mappingId: string;
  /** The mapping's stored mode, which admins switch: 'live' | 'scheduled'. */
  mode: string;
  /** Live right now: mode 'live', enabled, not paused, and live sync running. */
  live: boolean;
  erpSubscription: {
    subscriptionId: string | null;
    expiresAt: string | null;
    error: string | null;
  } | null;
  crmPolling: { lastPollAt: string | null; lastChangeAt: string | null; error: string | null };
  /** The latest change notice of either app (ERP webhook or CRM delta poll). */
  lastNotificationAt: string | null;
  /** Changes waiting in the queue, and the age of the oldest (0 when none): the lag right now. */
  queued: number;
  lagMs: number;
  /** First notice → counterpart updated, for the last record synced live. */
  lastSyncLagMs: number | null;
  /** p95 of that lag over the last 200 records synced live (null before the first). */
  syncLagP95Ms: number | null;
  lastSyncedAt: string | null;
  recordSyncs: number;
  incrementalJobs: number;
  echoesSkipped: number;
  failedSyncs: number;
}

function erpClientOf(input: LiveSyncOptions['erp']): ErpClient {
  if ('subscribe' in input) return input;
  return createErpClient({ baseUrl: serviceRoot(input.url, '/api/v2.0'), token: input.token });
}

function crmClientOf(input: LiveSyncOptions['crm']): CrmClient {
  if ('trackChanges' in input) return input;
  return createCrmClient({ baseUrl: serviceRoot(input.url, '/api/data/v9.2'), token: input.token });
}

/** The receiver's URL for a public origin (or the URL itself when it already has a path). */
export function notificationUrlFor(publicUrl: string): string {
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    throw new TypeError(
      `The public URL of the sync server must be an absolute http(s) URL, got "${publicUrl}".`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`The public URL of the sync server must be http(s), got "${publicUrl}".`);
  }
  const trimmed = publicUrl.replace(/\/+$/, '');
  return url.pathname === '/' || url.pathname === '' ? `${trimmed}${receiverPath}` : trimmed;
}

/**
 * Near-real-time sync beside the engine's schedule: ERP webhooks and CRM delta polling queue the
 * changed records in the store, and a dispatcher runs them through the engine as small jobs.
 * Which mappings are live is the stored mapping `mode` ('live' | 'scheduled'), which admins
 * switch; it is re-read every `reconcileIntervalMs`.
 */
export function createLiveSync(options: LiveSyncOptions) {
  const { store, engine } = options;
  const now = options.clock ?? (() => new Date());
  const logger = options.logger ?? silentLogger;
  let notificationUrl =
    options.publicUrl === undefined ? null : notificationUrlFor(options.publicUrl);
  const debounceMs = options.debounceMs ?? 500;
  const stats = createStats();
  const live = new Set<string>();
  let running = false;
  let startedAt: string | null = null;

  const erp = erpClientOf(options.erp);
  const crm = crmClientOf(options.crm);
  let subscriptions: ErpSubscriptions | null = null;

  async function runIncremental(mappingId: string) {
    const active = await store.jobs.active(mappingId);
    if (active.some((j) => j.status === 'queued')) return;
    await engine.enqueue({ mapping: mappingId, trigger: 'live', requestedBy: liveRequester });
    stats.of(mappingId).incrementalJobs += 1;
  }

  const isLive = (mappingId: string) => running && live.has(mappingId);

  const receiver = createReceiver({
    store,
    now,
    debounceMs,
    stats,
    logger,
    running: () => running,
    isLive,
    onCollection: runIncremental,
  });
  const poller = createCrmPoller({
    store,
    crm,
    now,
    debounceMs: options.pollDebounceMs ?? 0,
    maxChangesPerPoll: options.maxChangesPerPoll ?? 500,
    stats,
    logger,
    onOverflow: runIncremental,
  });
  const dispatcher = createDispatcher({
    store,
    engine,
    now,
    stats,
    logger,
    takeLimit: 200,
    recordJobLimit: options.recordJobLimit ?? 20,
    retryDelayMs: options.retryDelayMs ?? 5000,
    isLive,
    runIncremental,
  });

  /** Brings subscriptions in line with the mappings' modes; `verify` renews every live one. */
  async function reconcile(verify: boolean) {
    const subs = subscriptions;
    if (!subs) return;
    const rows = await store.mappings.list();
    for (const mapping of engine.mappings) {
      const row = rows.find((r) => r.id === mapping.id);
      const wanted = row !== undefined && row.mode === 'live' && row.enabled && !row.paused;
      const counters = stats.of(mapping.id);
      if (wanted) {
        const fresh = !live.has(mapping.id);
        live.add(mapping.id);
        try {
          await subs.ensure(mapping.id, mapping.erpEntity, verify || fresh);
          counters.subscriptionError = null;
        } catch (error) {
          counters.subscriptionError = messageOf(error);
          logger.warn({ err: error, mappingId: mapping.id }, 'ERP webhook subscription failed');
        }
        // Whatever changed while the mapping was not live (or this process was down) is read by
        // one incremental job; from then on notifications and polls take over.
        if (fresh) await runIncremental(mapping.id);
      } else {
        live.delete(mapping.id);
        await subs.remove(mapping.id);
      }
    }
  }

  interface Loop {
    timer: ReturnType<typeof setTimeout> | null;
    current: Promise<void>;
  }
  const loops: Loop[] = [];

  function every(ms: number, what: string, body: () => Promise<void>): Loop {
    const loop: Loop = { timer: null, current: Promise.resolve() };
    const schedule = () => {
      if (!running) return;
      loop.timer = setTimeout(() => {
        loop.timer = null;
        loop.current = body()
          .catch((error: unknown) => logger.warn({ err: error }, `live sync ${what} failed`))
          .finally(schedule);
      }, ms);
    };
    schedule();
    return loop;
  }

  async function pollAll() {
    for (const mapping of engine.mappings) {
      if (!isLive(mapping.id)) continue;
      try {
        await poller.poll(mapping);
      } catch (error) {
        logger.warn({ err: error, mappingId: mapping.id }, 'CRM delta poll failed');
      }
    }
  }

  return {
    /** Where the ERP posts notifications (null until a public URL is known). */
    get notificationUrl() {
      return notificationUrl;
    },
    /**
     * Subscribes (verifying kept subscriptions), queues a catch-up job per live mapping and starts
     * the loops. `publicUrl` overrides the option (e.g. the URL a server got on port 0).
     */
    async start(publicUrl?: string): Promise<void> {
      if (running) return;
      if (publicUrl !== undefined) notificationUrl = notificationUrlFor(publicUrl);
      if (notificationUrl === null) {
        throw new TypeError('Live sync needs the public URL of its receiver (publicUrl).');
      }
      subscriptions = createErpSubscriptions({
        store,
        erp,
        notificationUrl,
        now,
        renewBeforeMs: options.renewBeforeMs ?? 24 * 60 * 60_000,
        logger,
      });
      running = true;
      startedAt = now().toISOString();
      live.clear();
      try {
        await reconcile(true);
      } catch (error) {
        // The store could not be read: not started, the caller sees why.
        running = false;
        startedAt = null;
        throw error;
      }
      await pollAll();
      loops.push(
        every(options.reconcileIntervalMs ?? 5000, 'reconcile', () => reconcile(false)),
        every(options.pollIntervalMs ?? 3000, 'poll', pollAll),
        every(options.dispatchIntervalMs ?? 200, 'dispatch', () => dispatcher.tick()),
      );
    },
    /**
     * Stops the loops and waits for work in flight. Subscriptions stay: while stopped the
     * receiver answers 503 (the ERP retries), and `start` verifies them and catches up.
     */
    async stop(): Promise<void> {
      running = false;
      for (const loop of loops.splice(0)) {
        if (loop.timer) clearTimeout(loop.timer);
        await loop.current;
      }
      await dispatcher.settled();
      live.clear();
      startedAt = null;
    },
    /** The express Router of the ERP notification endpoint (`/webhooks/erp`). */
    router: receiver.router,
    /** The receiver as a plain function (url with query, parsed JSON body). */
    handle: receiver.handle,
    /** One CRM poll of every live mapping now (tests and tools; the loop does it on its own). */
    pollNow: pollAll,
    /** One dispatch pass now, waiting for the work it started. */
    async dispatchNow(): Promise<void> {
      await dispatcher.tick();
      await dispatcher.settled();
    },
    /** Sets a mapping's stored mode (as the API does) and applies it at once. */
    async setMode(mappingId: string, mode: 'live' | 'scheduled', by: string | null = null) {
      await store.mappings.update(mappingId, { mode }, by);
      if (running) await reconcile(false);
    },
    /** Live sync's state for the portal: on/off, and per mapping its lag and last notification. */
    async status(): Promise<LiveStatus> {
      const [rows, subs, queue] = await Promise.all([
        store.mappings.list(),
        store.webhookSubscriptions.list(),
        store
          .knex(tables.changeQueue)
          .select('mapping_id')
          .count({ n: '*' })
          .min({ oldest: 'enqueued_at' })
          .groupBy('mapping_id') as Promise<
          { mapping_id: string; n: number | string; oldest: string | null }[]
        >,
      ]);
      const at = now().getTime();
      return {
        running,
        startedAt,
        notificationUrl,
        receiver: { ...stats.receiver },
        mappings: engine.mappings.map((mapping): LiveMappingStatus => {
          const row = rows.find((r) => r.id === mapping.id);
          const sub = subs.find((s) => s.id === erpSubscriptionKey(mapping.id));
          const delta = subs.find((s) => s.id === crmDeltaKey(mapping.id));
          const waiting = queue.find((q) => q.mapping_id === mapping.id);
          const c = stats.of(mapping.id);
          const latest = [c.lastNotificationAt, c.lastCrmChangeAt]
            .filter((x): x is string => x !== null)
            .sort()
            .at(-1);
          return {
            mappingId: mapping.id,
            mode: row?.mode ?? 'scheduled',
            live: isLive(mapping.id),
            erpSubscription: sub
              ? {
                  subscriptionId: sub.subscriptionId,
                  expiresAt: sub.expiresAt,
                  error: c.subscriptionError,
                }
              : c.subscriptionError
                ? { subscriptionId: null, expiresAt: null, error: c.subscriptionError }
                : null,
            crmPolling: {
              lastPollAt: c.lastPollAt ?? (delta ? delta.updatedAt : null),
              lastChangeAt: c.lastCrmChangeAt,
              error: c.pollError,
            },
            lastNotificationAt: latest ?? null,
            queued: Number(waiting?.n ?? 0),
            lagMs: waiting?.oldest ? Math.max(0, at - Date.parse(waiting.oldest)) : 0,
            lastSyncLagMs: c.lastSyncLagMs,
            syncLagP95Ms: percentile(c.recentLagsMs, 0.95),
            lastSyncedAt: c.lastSyncedAt,
            recordSyncs: c.recordSyncs,
            incrementalJobs: c.incrementalJobs,
            echoesSkipped: c.echoesSkipped,
            failedSyncs: c.failedSyncs,
          };
        }),
      };
    },
  };
}

export type LiveSync = ReturnType<typeof createLiveSync>;
