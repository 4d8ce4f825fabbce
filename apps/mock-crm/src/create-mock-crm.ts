import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import {
  BadRequestError,
  EntityNotFoundError,
  ResourceNotFoundError,
  ServiceUnavailableError,
  ThrottledError,
  UnauthorizedError,
  controlRoute,
  copyCounters,
  countBatchRequests,
  countRequest,
  createLimiter,
  decideFault,
  droppedConnection,
  errorResponse,
  executeMultipartBatch,
  freshCounters,
  isControlPath,
  isGuid,
  noFaults,
  parseFaults,
  parseLimits,
  parseMultipartBatch,
  parsePrefer,
  readTextLimited,
  textResponse,
  writeMultipartBatch,
  type Faults,
  type Limits,
  type MockControls,
  type RequestCounters,
} from '@twinsync/odata-kit';
import { crmErrorStyle } from './errors';
import { createApi } from './http/api';
import { recordJson } from './http/representation';
import { apiRoot, model, validateFor } from './model';
import { seedRecords, type SeedResult } from './seed/seed-records';
import { maxVersion, openDatabase } from './store/database';
import { createPreparedStatements } from './store/prepared';
import {
  deleteRecord,
  findRow,
  inTransaction,
  updateRecord,
  type Db,
  type WriteContext,
} from './store/records';

/** Dataverse service protection per user: 6000 requests / 300 s, 52 concurrent, no queue. */
export const dataverseLimits: Limits = {
  requestsPerWindow: 6000,
  windowSeconds: 300,
  concurrent: 52,
  queued: 0,
};

/** Requests in one `$batch` (Dataverse: 1000) and the largest `$batch` body accepted. */
export const maxBatchRequests = 1000;
export const maxBatchBytes = 64 * 1024 * 1024;

export interface MockCrmOptions {
  /** SQLite file, default ':memory:'. */
  db?: string;
  /** Bearer token clients must send, default 'dev-token'. */
  token?: string;
  clock?: () => Date;
  /** true → one console line per request; a function receives the lines instead. */
  log?: boolean | ((line: string) => void);
  /** Source of randomness for fault injection (default Math.random). */
  random?: () => number;
  limits?: Partial<Limits>;
  /** Largest `$batch` body in bytes (default 64 MB); larger → 413. */
  maxBatchBytes?: number;
}

export interface MockCrmCounters extends RequestCounters {
  /** Records written (committed), by kind. */
  changes: { created: number; updated: number; deleted: number };
}

export interface MockCrmControls extends MockControls {
  seed(count: number, seed: number): Promise<SeedResult>;
  /** An edit "by another user": validated like a PATCH, bumps the version; returns the record. */
  editAsUser(entitySet: string, id: string, patch: unknown): Promise<Record<string, unknown>>;
  deleteAsUser(entitySet: string, id: string): Promise<void>;
  setFaults(faults: Partial<Faults>): Faults;
  setLimits(limits: unknown): Limits;
  counters(): MockCrmCounters;
}

export interface MockCrm {
  handle(req: Request): Promise<Response>;
  close(): Promise<void>;
  controls: MockCrmControls;
  /** The knex store (for tests and benchmarks that check what is stored). */
  db: Knex;
}

/** Builds the Dataverse Web API v9.2 mock as one fetch-style handler over a knex store. */
export async function createMockCrm(options: MockCrmOptions = {}): Promise<MockCrm> {
  const clock = options.clock ?? (() => new Date());
  const token = options.token ?? 'dev-token';
  const random = options.random ?? Math.random;
  const logLine =
    options.log === true
      ? (line: string) => console.log(line)
      : typeof options.log === 'function'
        ? options.log
        : undefined;
  const db = await openDatabase(options.db ?? ':memory:');
  let version = await maxVersion(db);
  const counters: MockCrmCounters = { ...freshCounters(), changes: freshChanges() };
  let faults: Faults = { ...noFaults };
  const initialLimits: Limits = { ...dataverseLimits, ...options.limits };
  const limiter = createLimiter(clock, initialLimits, {
    requests: '0x80072322',
    concurrency: '0x80072326',
  });

  const prepared = createPreparedStatements(db);
  const write: WriteContext = {
    prepared,
    now: () => clock().toISOString(),
    // Called just before the statement that stores the version; the single connection runs
    // statements in the order they ask for it (see store/database.ts and store/prepared.ts).
    nextVersion: () => ++version,
    onChange: (kind) => {
      counters.changes[kind]++;
    },
  };

  /** A change set: one transaction; counters of a rolled-back one are restored. */
  async function changeSet(fn: (trx: Db) => Promise<void>): Promise<void> {
    const before = { ...counters.changes };
    try {
      await db.transaction(async (trx) => {
        await fn(trx);
      });
    } catch (err) {
      counters.changes = before;
      throw err;
    }
  }

  async function batch(req: Request, serviceRoot: string): Promise<Response> {
    const text = await readTextLimited(req, options.maxBatchBytes ?? maxBatchBytes);
    const parts = parseMultipartBatch(text, req.headers.get('content-type'));
    const n = countBatchRequests(parts);
    if (n > maxBatchRequests) {
      throw new BadRequestError(
        `The number of requests in a $batch (${n}) exceeds the limit of ${maxBatchRequests}.`,
        'InvalidBatch',
      );
    }
    const items = await executeMultipartBatch<Db>(parts, {
      serviceRoot: new URL(serviceRoot),
      outer: req,
      continueOnError: parsePrefer(req.headers.get('prefer')).continueOnError,
      transaction: changeSet,
      defaultScope: db,
      execute: (part, scope) => api.dispatch(part, scope, true),
      toErrorResponse: (err) => mapError(err),
    });
    const boundary = `batchresponse_${randomUUID()}`;
    return textResponse(
      200,
      writeMultipartBatch(items, boundary, () => `changesetresponse_${randomUUID()}`),
      `multipart/mixed; boundary=${boundary}`,
    );
  }

  const api = createApi({ write, currentVersion: () => version, batch });

  function setOf(entitySet: string) {
    const set = model.get(entitySet);
    if (!set) {
      throw new BadRequestError(
        `Unknown entity set '${entitySet}'; expected one of ${[...model.keys()].join(', ')}.`,
        'InvalidControl',
      );
    }
    return set;
  }

  /** The record a control acts on, read with `trx` so the caller's write sees it unchanged. */
  async function existing(trx: Db, entitySet: string, id: string) {
    const set = setOf(entitySet);
    if (!isGuid(id)) throw new BadRequestError(`'${id}' is not a GUID.`, 'InvalidControl');
    const row = await findRow(trx, set, id.toLowerCase());
    if (!row) throw new EntityNotFoundError(set.entityType, id.toLowerCase());
    return { set, row };
  }

  const controls: MockCrmControls = {
    async reset() {
      await db.transaction(async (trx) => {
        for (const table of ['deletions', ...[...model.values()].map((s) => s.name)]) {
          await trx(table).delete();
        }
      });
      // Nothing survives a reset, so versions restart: the same seed gives the same etags.
      version = 0;
      limiter.reset();
      limiter.set(initialLimits);
      faults = { ...noFaults };
      Object.assign(counters, freshCounters(), { changes: freshChanges() });
    },
    seed: (count, seed) => seedRecords(db, count, seed, write),
    async editAsUser(entitySet, id, patch) {
      // Read and written in one transaction: the edit applies to the row as it is now.
      const stored = await inTransaction(db, async (trx) => {
        const { set, row } = await existing(trx, entitySet, id);
        if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
          throw new BadRequestError("'patch' must be a JSON object.", 'InvalidControl');
        }
        const body = validateFor(set, patch as Record<string, unknown>, 'update');
        const key = body.values[set.key];
        if (key !== undefined && key !== row[set.key]) {
          throw new BadRequestError(`The patch cannot change '${set.key}'.`, 'InvalidControl');
        }
        return { set, row: await updateRecord(trx, write, set, row, body) };
      });
      return recordJson(stored.set, stored.row, undefined);
    },
    async deleteAsUser(entitySet, id) {
      await inTransaction(db, async (trx) => {
        const { set, row } = await existing(trx, entitySet, id);
        await deleteRecord(trx, write, set, row);
      });
    },
    setFaults(f) {
      faults = parseFaults(f, faults);
      return { ...faults };
    },
    setLimits(l) {
      return limiter.set(parseLimits(l));
    },
    counters: () => ({ ...copyCounters(counters), changes: { ...counters.changes } }),
  };

  function mapError(err: unknown): Response {
    const mapped = errorResponse(err, crmErrorStyle);
    if (mapped.unexpected) console.error('mock-crm: unexpected error', err);
    if (mapped.error instanceof ThrottledError) counters.throttled++;
    return mapped.response;
  }

  async function serveApi(req: Request): Promise<Response> {
    const release = await limiter.acquire(token);
    try {
      // Faults act inside the concurrency slot: an injected delay is a slow server.
      const fault = decideFault(faults, random);
      if (fault.latencyMs > 0) await new Promise((r) => setTimeout(r, fault.latencyMs));
      switch (fault.kind) {
        case 'drop':
          counters.faults.drop++;
          return droppedConnection();
        case '503':
          counters.faults['503']++;
          throw new ServiceUnavailableError(
            'The service is temporarily unavailable (injected fault).',
            faults.retryAfterSeconds,
          );
        case '429':
          counters.faults['429']++;
          throw new ThrottledError(
            'Number of requests exceeded the limit (injected fault).',
            faults.retryAfterSeconds,
            'injected',
          );
        case 'none':
          break;
      }
      return await api.dispatch(req, db, false);
    } finally {
      release();
    }
  }

  async function route(req: Request, url: URL): Promise<Response> {
    if (req.headers.get('authorization') !== `Bearer ${token}`) {
      throw new UnauthorizedError('The bearer token is missing or not valid.');
    }
    if (isControlPath(url.pathname)) return controlRoute(controls, req, url);
    if (url.pathname === apiRoot || url.pathname.startsWith(`${apiRoot}/`)) return serveApi(req);
    throw new ResourceNotFoundError(url.pathname);
  }

  async function handle(req: Request): Promise<Response> {
    const started = performance.now();
    const url = new URL(req.url);
    let response: Response;
    try {
      response = await route(req, url);
    } catch (err) {
      response = mapError(err);
    }
    const status = response.type === 'error' ? 'dropped' : response.status;
    countRequest(counters, req.method, status);
    logLine?.(
      `mock-crm ${req.method} ${url.pathname}${url.search} → ${status} ${Math.round(performance.now() - started)}ms`,
    );
    return response;
  }

  return {
    handle,
    controls,
    db,
    async close() {
      await prepared.close();
      await db.destroy();
    },
  };
}

function freshChanges() {
  return { created: 0, updated: 0, deleted: 0 };
}
