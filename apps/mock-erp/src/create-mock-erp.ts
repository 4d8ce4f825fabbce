import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { openDatabase } from './db/open-database';
import { entitySets, isEntitySetName } from './domain/entity-sets';
import { isGuid } from './domain/guid';
import { validateBody } from './domain/validation';
import {
  BadRequestError,
  RecordNotFoundError,
  UnauthorizedError,
  ResourceNotFoundError,
} from './errors';
import { createApiRoutes } from './http/api-routes';
import { controlRoute, type ControlPort } from './http/control-routes';
import { apiBase } from './http/paths';
import { errorResponse, jsonResponse } from './http/responses';
import { decideFault, noFaults, parseFaults, type Faults } from './protection/faults';
import { bcLimits, createLimiter, TooManyRequestsError, type Limits } from './protection/limits';
import { listRecords } from './query/list-records';
import { ensureDefaultCompanies, listCompanies } from './repositories/companies';
import { deletionsSince } from './repositories/deletions';
import { createNumberSeries } from './repositories/number-series';
import { findRecordAnyCompany, type Db } from './repositories/records';
import { seedRecords, type SeedResult } from './seed/seed-records';
import type { ChangeEvent, WriteContext } from './services/change-events';
import { createRecordService, type ApiRecord } from './services/record-service';
import type { FetchFn } from './webhooks/handshake';
import { createNotifier, type NotifierStats } from './webhooks/notifier';
import { createSubscriptions } from './webhooks/subscriptions';

export interface MockErpOptions {
  /** SQLite file, default ':memory:'. */
  db?: string;
  /** Bearer token clients must send, default 'dev-token'. */
  token?: string;
  clock?: () => Date;
  /** true → one console line per request; a function receives the lines instead. */
  log?: boolean | ((line: string) => void);
  /** Used for webhook handshakes and notifications (default: global fetch). */
  fetch?: FetchFn;
  /** Delay over which changes are batched into one notification (default 1000; BC: ~30 s). */
  webhookDelayMs?: number;
  /** Retries after a failed delivery, waiting webhookRetryBaseMs · 2^n (defaults 5 and 1000). */
  webhookRetries?: number;
  webhookRetryBaseMs?: number;
  /** Above this many changes in one delivery a single `collection` notification is sent (BC: 1000). */
  webhookCollectionThreshold?: number;
  /** Source of randomness for fault injection (default Math.random). */
  random?: () => number;
  limits?: Partial<Limits>;
}

export interface MockErpCounters {
  requests: number;
  byStatus: Record<string, number>;
  throttled: number;
  faults: { '429': number; '503': number; drop: number };
  changes: { created: number; updated: number; deleted: number };
  webhooks: NotifierStats;
}

export interface MockErpControls {
  reset(): Promise<void>;
  seed(count: number, seed: number, companyId?: string): Promise<SeedResult>;
  editAsUser(entitySet: string, id: string, patch: unknown, companyId?: string): Promise<ApiRecord>;
  deleteAsUser(entitySet: string, id: string, companyId?: string): Promise<void>;
  setFaults(faults: Partial<Faults>): Faults;
  setLimits(limits: Partial<Limits>): Limits;
  counters(): MockErpCounters;
  deletedSince(
    since: string,
    filter?: { companyId?: string; entitySet?: string },
  ): Promise<unknown[]>;
}

export interface MockErp {
  handle(req: Request): Promise<Response>;
  close(): Promise<void>;
  controls: MockErpControls;
  /** The seeded companies (id and name), for clients and tests. */
  companies(): Promise<{ id: string; name: string }[]>;
}

/** Builds the Business Central API v2.0 mock as one fetch-style handler over a knex store. */
export async function createMockErp(options: MockErpOptions = {}): Promise<MockErp> {
  const clock = options.clock ?? (() => new Date());
  const token = options.token ?? 'dev-token';
  const random = options.random ?? Math.random;
  const fetchFn: FetchFn = options.fetch ?? ((input, init) => fetch(input, init));
  const logLine =
    options.log === true
      ? (line: string) => console.log(line)
      : typeof options.log === 'function'
        ? options.log
        : undefined;
  const db: Knex = await openDatabase(options.db ?? ':memory:');
  await ensureDefaultCompanies(db, clock().toISOString());

  let companyCache = await listCompanies(db);
  let version = await maxVersion(db);
  const nextVersion = () => ++version;
  const series = createNumberSeries();
  const records = createRecordService({ clock, nextVersion, series });
  const subscriptions = createSubscriptions({
    db,
    clock,
    fetch: fetchFn,
    newId: randomUUID,
    nextVersion,
    handshakeTimeoutMs: 5000,
  });
  await subscriptions.load();
  const notifier = createNotifier({
    fetch: fetchFn,
    subscriptions: () => subscriptions.current(),
    isActive: (s) => subscriptions.isActive(s),
    delayMs: options.webhookDelayMs ?? 1000,
    maxRetries: options.webhookRetries ?? 5,
    retryBaseMs: options.webhookRetryBaseMs ?? 1000,
    collectionThreshold: options.webhookCollectionThreshold ?? 1000,
    timeoutMs: 10_000,
  });
  const limiter = createLimiter(clock, { ...bcLimits, ...options.limits });
  let faults: Faults = { ...noFaults };
  const counters = freshCounters();

  const api = createApiRoutes(
    {
      db,
      records,
      subscriptions,
      listRecords,
      // Companies cannot be created through the API: look them up in memory.
      findCompany: (_d, idOrName) =>
        Promise.resolve(
          companyCache.find((c) =>
            isGuid(idOrName) ? c.id === idOrName.toLowerCase() : c.name === idOrName,
          ),
        ),
    },
    randomUUID,
  );

  function publish(changes: ChangeEvent[]) {
    for (const c of changes) counters.changes[c.changeType]++;
    notifier.notify(changes);
  }

  function specOf(entitySet: string) {
    if (!isEntitySetName(entitySet))
      throw new BadRequestError(`Unknown entity set '${entitySet}'.`);
    return entitySets[entitySet];
  }

  /** The record a control acts on, read with `trx` so the caller's write sees it unchanged. */
  async function recordFor(trx: Db, entitySet: string, id: string, companyId: string | undefined) {
    const spec = specOf(entitySet);
    const row = await findRecordAnyCompany(trx, spec, id.toLowerCase());
    if (!row || (companyId !== undefined && row.companyId !== companyId.toLowerCase())) {
      throw new RecordNotFoundError(spec.tableName, id);
    }
    return { spec, row };
  }

  const controls: MockErpControls & ControlPort = {
    async reset() {
      notifier.clear();
      await db.transaction(async (trx) => {
        for (const table of ['contacts', 'customers', 'items', 'deletions', 'subscriptions']) {
          await trx(table).delete();
        }
      });
      await ensureDefaultCompanies(db, clock().toISOString());
      companyCache = await listCompanies(db);
      series.forget();
      await subscriptions.load();
      // Nothing survives a reset, so versions restart: the same seed then yields the same etags.
      version = 0;
      limiter.reset();
      faults = { ...noFaults };
      Object.assign(counters, freshCounters());
    },
    seed: (count, seed, companyId) =>
      seedRecords(db, companyId === undefined ? { count, seed } : { count, seed, companyId }, {
        now: clock().toISOString(),
        nextVersion,
        series,
      }),
    async editAsUser(entitySet, id, patch, companyId) {
      // Read and written in one transaction: the edit applies to the row as it is now.
      const write: WriteContext = { db, changes: [] };
      const record = await db.transaction(async (trx) => {
        const { spec, row } = await recordFor(trx, entitySet, id, companyId);
        const values = validateBody(spec, patch, 'update', row.id);
        return records.applyUpdate({ ...write, db: trx }, trx, spec, row, values);
      });
      publish(write.changes);
      return record;
    },
    async deleteAsUser(entitySet, id, companyId) {
      const write: WriteContext = { db, changes: [] };
      await db.transaction(async (trx) => {
        const { spec, row } = await recordFor(trx, entitySet, id, companyId);
        await records.applyDelete({ ...write, db: trx }, trx, spec, row);
      });
      publish(write.changes);
    },
    setFaults(f) {
      faults = parseFaults(f, faults);
      return { ...faults };
    },
    setLimits(l) {
      return limiter.set(parseLimits(l));
    },
    counters: () => ({
      ...counters,
      byStatus: { ...counters.byStatus },
      webhooks: notifier.stats(),
    }),
    deletedSince: (since, filter = {}) => deletionsSince(db, since, filter),
  };

  async function serveApi(req: Request): Promise<Response> {
    const release = await limiter.acquire();
    try {
      // Faults act inside the concurrency slot: an injected delay is a slow server.
      const fault = decideFault(faults, random);
      if (fault.latencyMs > 0) await new Promise((r) => setTimeout(r, fault.latencyMs));
      switch (fault.kind) {
        case 'drop':
          counters.faults.drop++;
          return Response.error();
        case '503':
          counters.faults['503']++;
          return jsonResponse(503, {
            error: {
              code: 'Internal_ServiceUnavailable',
              message: 'The service is temporarily unavailable (injected fault).',
            },
          });
        case '429':
          counters.faults['429']++;
          throw new TooManyRequestsError(
            'Too many requests reached (injected fault).',
            faults.retryAfterSeconds,
          );
        case 'none':
          break;
      }
      const write: WriteContext = { db, changes: [] };
      const response = await api.dispatch(req, write);
      publish(write.changes);
      return response;
    } finally {
      release();
    }
  }

  async function route(req: Request, url: URL): Promise<Response> {
    if (req.headers.get('authorization') !== `Bearer ${token}`) throw new UnauthorizedError();
    if (url.pathname === '/_mock' || url.pathname.startsWith('/_mock/'))
      return controlRoute(controls, req, url);
    if (url.pathname === apiBase || url.pathname.startsWith(`${apiBase}/`)) return serveApi(req);
    throw new ResourceNotFoundError(url.pathname);
  }

  async function handle(req: Request): Promise<Response> {
    const started = performance.now();
    const url = new URL(req.url);
    let response: Response;
    try {
      response = await route(req, url);
    } catch (err) {
      const mapped = errorResponse(err, randomUUID());
      if (mapped.unexpected) console.error('mock-erp: unexpected error', err);
      if (err instanceof TooManyRequestsError) counters.throttled++;
      response = mapped.response;
    }
    counters.requests++;
    const status = response.type === 'error' ? 'dropped' : String(response.status);
    counters.byStatus[status] = (counters.byStatus[status] ?? 0) + 1;
    logLine?.(
      `mock-erp ${req.method} ${url.pathname}${url.search} → ${status} ${Math.round(performance.now() - started)}ms`,
    );
    return response;
  }

  return {
    handle,
    controls,
    companies: async () => (await listCompanies(db)).map((c) => ({ id: c.id, name: c.name })),
    async close() {
      notifier.close();
      await db.destroy();
    },
  };
}

function freshCounters(): MockErpCounters {
  return {
    requests: 0,
    byStatus: {},
    throttled: 0,
    faults: { '429': 0, '503': 0, drop: 0 },
    changes: { created: 0, updated: 0, deleted: 0 },
    webhooks: {
      notificationsQueued: 0,
      deliveriesSucceeded: 0,
      deliveriesFailed: 0,
      deliveriesDropped: 0,
    },
  };
}

async function maxVersion(db: Knex): Promise<number> {
  let max = 0;
  for (const table of [...Object.keys(entitySets), 'subscriptions']) {
    const row = (await db(table).max({ v: 'version' }).first()) as { v: number | null } | undefined;
    max = Math.max(max, row?.v ?? 0);
  }
  return max;
}

function parseLimits(body: unknown): Partial<Limits> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequestError('The limits must be a JSON object.');
  }
  const out: Partial<Limits> = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (!Object.hasOwn(bcLimits, key)) throw new BadRequestError(`Unknown limit '${key}'.`);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw new BadRequestError(`The limit '${key}' must be a non-negative integer.`);
    }
    out[key as keyof Limits] = value;
  }
  return out;
}
