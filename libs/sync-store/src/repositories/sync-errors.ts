import type { Knex } from 'knex';
import { tables } from '../migrations/tables';
import { errorsSearchIndex } from '../migrations/007-errors-search-indexes';
import type { RecordDirection } from '../model/snapshot';
import { chunkSizeFor, chunked } from '../rows/chunks';
import { clampLimit, decodeCursor, toPage, type Page, type PageRequest } from '../paging/cursor';
import { asRows, fromJson, toJson, toNum, toStr, toStrOrNull, type Row } from '../rows/values';
import { inTransaction, type RepositoryContext } from './context';
import { likePattern } from './couplings';

export type ErrorState = 'failed' | 'skipped' | 'conflict' | 'deleted-in-erp' | 'deleted-in-crm';

/** A problem with one record of a mapping; at most one is open per record. */
export interface SyncError {
  id: string;
  mappingId: string;
  couplingId: string | null;
  erpId: string | null;
  crmId: string | null;
  /** '' when unknown (kept non-null so it can be a keyset sort key). */
  recordNumber: string;
  recordName: string;
  /** Error kind (values owned by sync-core's ErrorKind), e.g. 'validation', 'conflict'. */
  kind: string;
  state: ErrorState;
  direction: RecordDirection | null;
  message: string;
  /** e.g. conflicting fields with base / erp / crm values. */
  details: unknown;
  jobId: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  occurrences: number;
  resolvedAt: string | null;
  /** Why it closed: e.g. 'synced' | 'retried' | 'dismissed' | 'coupling-removed' | 'restored' | 'deleted'. */
  resolution: string | null;
  resolvedBy: string | null;
}

export interface ErrorOccurrence {
  id: string;
  errorId: string;
  jobId: string | null;
  at: string;
  message: string;
  details: unknown;
}

/** One occurrence of a problem as the engine reports it. */
export interface RaiseError {
  mappingId: string;
  couplingId?: string | null;
  erpId?: string | null;
  crmId?: string | null;
  recordNumber?: string | null;
  recordName?: string | null;
  kind: string;
  state: ErrorState;
  direction?: RecordDirection | null;
  message: string;
  details?: unknown;
  jobId?: string | null;
  at?: string;
}

export interface ErrorFilter {
  mappingId?: string | undefined;
  kinds?: readonly string[] | undefined;
  states?: readonly ErrorState[] | undefined;
  direction?: RecordDirection | undefined;
  jobId?: string | undefined;
  couplingId?: string | undefined;
  /** lastSeenAt >= from (ISO). */
  from?: string | undefined;
  /** lastSeenAt < to (ISO). */
  to?: string | undefined;
  /** Case-insensitive text in record number, name or message, or an exact ERP/CRM id. */
  search?: string | undefined;
  /** 'open' (default), 'resolved' or 'all'. */
  status?: 'open' | 'resolved' | 'all' | undefined;
}

export type ErrorSort = 'lastSeenAt' | 'firstSeenAt' | 'recordName' | 'kind' | 'occurrences';

export interface ErrorListQuery extends PageRequest {
  filter?: ErrorFilter | undefined;
  sort?: ErrorSort | undefined;
  order?: 'asc' | 'desc' | undefined;
}

export interface ErrorCounts {
  total: number;
  byKind: Record<string, number>;
  byState: Record<string, number>;
}

export interface ResolveOptions {
  resolution: string;
  resolvedBy?: string | null;
}

export interface SyncErrorRepository {
  /**
   * Records occurrences: a record with an open error gets it updated (kind, state, message,
   * details, lastSeenAt, occurrences + 1); otherwise a new open error is created. Every occurrence
   * is kept in sync_error_occurrences. One statement per chunk, all in one transaction. Returns the
   * open errors, one per distinct record, in input order of first appearance.
   */
  raiseMany(inputs: readonly RaiseError[]): Promise<SyncError[]>;
  raise(input: RaiseError): Promise<SyncError>;
  get(id: string): Promise<SyncError | null>;
  getMany(ids: readonly string[]): Promise<SyncError[]>;
  /** The open error of a record (by coupling, else ERP id, else CRM id). */
  findOpen(mappingId: string, record: RecordRef): Promise<SyncError | null>;
  /** Filtered, sorted, keyset-paged (sort value, id). Default: open errors, lastSeenAt desc. */
  list(query: ErrorListQuery): Promise<Page<SyncError>>;
  counts(filter?: ErrorFilter): Promise<ErrorCounts>;
  /** Occurrences of one error, newest first. */
  occurrences(errorId: string, page: PageRequest): Promise<Page<ErrorOccurrence>>;
  /** Closes open errors by id, one UPDATE per chunk in one transaction; returns how many closed. */
  resolveByIds(ids: readonly string[], options: ResolveOptions): Promise<number>;
  /** Closes every open error matching the filter in one UPDATE; returns how many closed. */
  resolveByFilter(filter: ErrorFilter, options: ResolveOptions): Promise<number>;
  /** Closes the open errors of the given couplings (e.g. after they synced cleanly). */
  resolveByCouplingIds(couplingIds: readonly string[], options: ResolveOptions): Promise<number>;
  /** Ids of the errors matching a filter, keyset-paged in id order (for bulk actions). */
  listIds(filter: ErrorFilter, page: PageRequest): Promise<Page<string>>;
  /** Error ids with their coupling ids matching a filter, keyset-paged in id order (bulk actions). */
  listTargets(filter: ErrorFilter, page: PageRequest): Promise<Page<ErrorTarget>>;
  /** Open errors per mapping id (mappings without open errors are absent). */
  openCountsByMapping(): Promise<Record<string, number>>;
}

/** What a bulk action needs of an error: its id and the coupling it is about. */
export interface ErrorTarget {
  id: string;
  mappingId: string;
  couplingId: string | null;
}

export type RecordRef = {
  couplingId?: string | null;
  erpId?: string | null;
  crmId?: string | null;
};

/** The record an error is about, as a key: coupling if known, else the ERP id, else the CRM id. */
export function recordKeyOf(ref: RecordRef): string {
  if (ref.couplingId) return `c:${ref.couplingId}`;
  if (ref.erpId) return `erp:${ref.erpId}`;
  if (ref.crmId) return `crm:${ref.crmId}`;
  throw new RangeError('an error must name a coupling, an ERP id or a CRM id');
}

const openKeyOf = (mappingId: string, recordKey: string) => `${mappingId}|${recordKey}`;

export function toSyncError(r: Row): SyncError {
  return {
    id: toStr(r['id']),
    mappingId: toStr(r['mapping_id']),
    couplingId: toStrOrNull(r['coupling_id']),
    erpId: toStrOrNull(r['erp_id']),
    crmId: toStrOrNull(r['crm_id']),
    recordNumber: toStr(r['record_number']),
    recordName: toStr(r['record_name']),
    kind: toStr(r['kind']),
    state: toStr(r['state']) as ErrorState,
    direction: toStrOrNull(r['direction']) as RecordDirection | null,
    message: toStr(r['message']),
    details: fromJson(r['details']),
    jobId: toStrOrNull(r['job_id']),
    firstSeenAt: toStr(r['first_seen_at']),
    lastSeenAt: toStr(r['last_seen_at']),
    occurrences: toNum(r['occurrence_count']),
    resolvedAt: toStrOrNull(r['resolved_at']),
    resolution: toStrOrNull(r['resolution']),
    resolvedBy: toStrOrNull(r['resolved_by']),
  };
}

function toOccurrence(r: Row): ErrorOccurrence {
  return {
    id: toStr(r['id']),
    errorId: toStr(r['error_id']),
    jobId: toStrOrNull(r['job_id']),
    at: toStr(r['occurred_at']),
    message: toStr(r['message']),
    details: fromJson(r['details']),
  };
}

const sortColumns: Readonly<Record<ErrorSort, string>> = {
  lastSeenAt: 'last_seen_at',
  firstSeenAt: 'first_seen_at',
  recordName: 'record_name',
  kind: 'kind',
  occurrences: 'occurrence_count',
};

/** Applies an errors filter to a query over sync_errors (unaliased). */
export function applyErrorFilter(
  q: Knex.QueryBuilder,
  filter: ErrorFilter = {},
): Knex.QueryBuilder {
  const status = filter.status ?? 'open';
  if (status === 'open') q.whereNull('resolved_at');
  else if (status === 'resolved') q.whereNotNull('resolved_at');
  if (filter.mappingId !== undefined) q.where('mapping_id', filter.mappingId);
  if (filter.kinds?.length) q.whereIn('kind', [...filter.kinds]);
  if (filter.states?.length) q.whereIn('state', [...filter.states]);
  if (filter.direction !== undefined) q.where('direction', filter.direction);
  if (filter.jobId !== undefined) q.where('job_id', filter.jobId);
  if (filter.couplingId !== undefined) q.where('coupling_id', filter.couplingId);
  if (filter.from !== undefined) q.where('last_seen_at', '>=', filter.from);
  if (filter.to !== undefined) q.where('last_seen_at', '<', filter.to);
  if (filter.search) {
    const like = likePattern(filter.search);
    const exact = filter.search;
    // SQLite's LIKE ignores ASCII case and its lower() changes nothing else, so lower() there
    // only costs a string copy per row and column (a third of a search's scan of 100k errors).
    // On PostgreSQL these expressions are what migration 009's trigram index and statistics are
    // built on (`lower(column)`, `erp_id`, `crm_id`): change them together.
    const pg = q.client.config.client === 'pg';
    const contains = pg
      ? (column: string) => `lower(${column}) like ? escape '\\'`
      : (column: string) => `${column} like ? escape '\\'`;
    const matches = (w: Knex.QueryBuilder) => {
      void w
        .whereRaw(contains('record_number'), [like])
        .orWhereRaw(contains('record_name'), [like])
        .orWhereRaw(contains('message'), [like])
        .orWhere('erp_id', exact)
        .orWhere('crm_id', exact);
    };
    if (pg || status !== 'open') {
      q.where(matches);
    } else {
      // Open errors on SQLite: the search reads the covering index of the searched columns
      // (migration 007), a fraction of the table's pages, and fetches only the rows it found.
      q.whereIn(
        'rowid',
        q.client
          .queryBuilder()
          .select('rowid')
          .from(q.client.raw(`?? indexed by ${errorsSearchIndex}`, [tables.errors]) as Knex.Raw)
          .whereNull('resolved_at')
          .where(matches),
      );
    }
  }
  return q;
}

/**
 * The errors list statement: filter, keyset condition on (sort column, id), order, limit + 1.
 * Exported so the query plan can be checked against exactly what `list` runs.
 */
export function errorListQuery(
  db: Knex | Knex.Transaction,
  query: ErrorListQuery,
): Knex.QueryBuilder {
  const column = sortColumns[query.sort ?? 'lastSeenAt'];
  const order = query.order ?? 'desc';
  const q = applyErrorFilter(db(tables.errors).select('*'), query.filter);
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    const op = order === 'desc' ? '<' : '>';
    q.whereRaw(`(??, id) ${op} (?, ?)`, [column, after.value ?? '', after.id]);
  }
  return q
    .orderBy([
      { column, order },
      { column: 'id', order },
    ])
    .limit(query.limit + 1);
}

export function createSyncErrorRepository(ctx: RepositoryContext): SyncErrorRepository {
  const { db } = ctx;
  const table = () => db(tables.errors);
  const idChunk = chunkSizeFor(1);

  async function get(id: string): Promise<SyncError | null> {
    const row = (await table().where('id', id).first()) as Row | undefined;
    return row ? toSyncError(row) : null;
  }

  async function raiseMany(inputs: readonly RaiseError[]): Promise<SyncError[]> {
    if (inputs.length === 0) return [];
    const now = ctx.now();
    return inTransaction(ctx, async (trx) => {
      const out: SyncError[] = [];
      for (const part of chunked(inputs, chunkSizeFor(22))) {
        // One row per record: later occurrences of the same record in a chunk win, all are logged.
        const byKey = new Map<string, Row>();
        for (const input of part) {
          const recordKey = recordKeyOf(input);
          const at = input.at ?? now;
          const openKey = openKeyOf(input.mappingId, recordKey);
          const earlier = byKey.get(openKey);
          byKey.set(openKey, {
            id: earlier?.['id'] ?? ctx.newId(),
            mapping_id: input.mappingId,
            record_key: recordKey,
            open_key: openKey,
            coupling_id: input.couplingId ?? null,
            erp_id: input.erpId ?? null,
            crm_id: input.crmId ?? null,
            record_number: input.recordNumber ?? '',
            record_name: input.recordName ?? '',
            kind: input.kind,
            state: input.state,
            direction: input.direction ?? null,
            message: input.message,
            details: toJson(input.details ?? null),
            job_id: input.jobId ?? null,
            first_seen_at: earlier?.['first_seen_at'] ?? at,
            last_seen_at: at,
            occurrence_count: toNum(earlier?.['occurrence_count'] ?? 0) + 1,
          });
        }
        const rows = [...byKey.values()];
        const stored = (await trx(tables.errors)
          .insert(rows)
          .onConflict('open_key')
          .merge({
            coupling_id: trx.raw('coalesce(excluded.coupling_id, ??.coupling_id)', [tables.errors]),
            erp_id: trx.raw('coalesce(excluded.erp_id, ??.erp_id)', [tables.errors]),
            crm_id: trx.raw('coalesce(excluded.crm_id, ??.crm_id)', [tables.errors]),
            record_number: trx.raw(
              `coalesce(nullif(excluded.record_number, ''), ??.record_number)`,
              [tables.errors],
            ),
            record_name: trx.raw(`coalesce(nullif(excluded.record_name, ''), ??.record_name)`, [
              tables.errors,
            ]),
            kind: trx.raw('excluded.kind'),
            state: trx.raw('excluded.state'),
            direction: trx.raw('excluded.direction'),
            message: trx.raw('excluded.message'),
            details: trx.raw('excluded.details'),
            job_id: trx.raw('coalesce(excluded.job_id, ??.job_id)', [tables.errors]),
            last_seen_at: trx.raw('excluded.last_seen_at'),
            occurrence_count: trx.raw('??.occurrence_count + excluded.occurrence_count', [
              tables.errors,
            ]),
          })
          .returning('*')) as Row[];
        const idByOpenKey = new Map(stored.map((r) => [toStr(r['open_key']), toStr(r['id'])]));
        const occurrences = part.map((input) => ({
          id: ctx.newId(),
          error_id: idByOpenKey.get(openKeyOf(input.mappingId, recordKeyOf(input))),
          job_id: input.jobId ?? null,
          occurred_at: input.at ?? now,
          message: input.message,
          details: toJson(input.details ?? null),
        }));
        for (const occ of chunked(occurrences, chunkSizeFor(6))) {
          await trx(tables.errorOccurrences).insert(occ);
        }
        out.push(...stored.map(toSyncError));
      }
      return out;
    });
  }

  function resolveChanges(options: ResolveOptions): Row {
    return {
      resolved_at: ctx.now(),
      resolution: options.resolution,
      resolved_by: options.resolvedBy ?? null,
      open_key: null,
    };
  }

  async function resolveIn(
    column: 'id' | 'coupling_id',
    values: readonly string[],
    options: ResolveOptions,
  ): Promise<number> {
    if (values.length === 0) return 0;
    const changes = resolveChanges(options);
    return inTransaction(ctx, async (trx) => {
      let count = 0;
      for (const part of chunked([...new Set(values)], idChunk)) {
        count += await trx(tables.errors)
          .whereIn(column, part)
          .whereNull('resolved_at')
          .update(changes);
      }
      return count;
    });
  }

  return {
    raiseMany,
    async raise(input) {
      const [stored] = await raiseMany([input]);
      if (!stored) throw new Error('raise stored no error');
      return stored;
    },
    get,
    async getMany(ids) {
      const out: SyncError[] = [];
      for (const part of chunked([...new Set(ids)], idChunk)) {
        const rows = (await table().whereIn('id', part)) as Row[];
        out.push(...rows.map(toSyncError));
      }
      return out;
    },
    async findOpen(mappingId, record) {
      const row = (await table()
        .where('open_key', openKeyOf(mappingId, recordKeyOf(record)))
        .first()) as Row | undefined;
      return row ? toSyncError(row) : null;
    },
    async list(query) {
      const limit = clampLimit(query.limit);
      const sort = query.sort ?? 'lastSeenAt';
      const column = sortColumns[sort];
      const rows = (await errorListQuery(db, { ...query, limit })) as Row[];
      return toPage(rows, limit, toSyncError, (r) => ({
        value: sort === 'occurrences' ? toNum(r[column]) : toStr(r[column]),
        id: toStr(r['id']),
      }));
    },
    async counts(filter = {}) {
      const [kindRows, stateRows] = (await Promise.all([
        applyErrorFilter(table().select('kind as key').count({ n: '*' }), filter).groupBy('kind'),
        applyErrorFilter(table().select('state as key').count({ n: '*' }), filter).groupBy('state'),
      ])) as [Row[], Row[]];
      const toRecord = (rows: Row[]) =>
        Object.fromEntries(rows.map((r) => [toStr(r['key']), toNum(r['n'])]));
      const byKind = toRecord(kindRows);
      return {
        total: Object.values(byKind).reduce((a, b) => a + b, 0),
        byKind,
        byState: toRecord(stateRows),
      };
    },
    async occurrences(errorId, page) {
      const limit = clampLimit(page.limit);
      const q = db(tables.errorOccurrences).where('error_id', errorId);
      if (page.cursor) {
        const after = decodeCursor(page.cursor);
        q.whereRaw('(occurred_at, id) < (?, ?)', [String(after.value ?? ''), after.id]);
      }
      const rows = (await q
        .orderBy([
          { column: 'occurred_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(limit + 1)) as Row[];
      return toPage(rows, limit, toOccurrence, (r) => ({
        value: toStr(r['occurred_at']),
        id: toStr(r['id']),
      }));
    },
    resolveByIds: (ids, options) => resolveIn('id', ids, options),
    resolveByCouplingIds: (ids, options) => resolveIn('coupling_id', ids, options),
    async resolveByFilter(filter, options) {
      const q = applyErrorFilter(table(), { ...filter, status: 'open' });
      return q.update(resolveChanges(options));
    },
    async listIds(filter, page) {
      const limit = clampLimit(page.limit, 10_000);
      const q = applyErrorFilter(table().select('id'), filter);
      if (page.cursor) q.where('id', '>', decodeCursor(page.cursor).id);
      const rows = (await q.orderBy('id').limit(limit + 1)) as Row[];
      return toPage(
        rows,
        limit,
        (r) => toStr(r['id']),
        (r) => ({ value: null, id: toStr(r['id']) }),
      );
    },
    async listTargets(filter, page) {
      const limit = clampLimit(page.limit, 10_000);
      const q = applyErrorFilter(table().select('id', 'mapping_id', 'coupling_id'), filter);
      if (page.cursor) q.where('id', '>', decodeCursor(page.cursor).id);
      const rows = (await q.orderBy('id').limit(limit + 1)) as Row[];
      return toPage(
        rows,
        limit,
        (r) => ({
          id: toStr(r['id']),
          mappingId: toStr(r['mapping_id']),
          couplingId: toStrOrNull(r['coupling_id']),
        }),
        (r) => ({ value: null, id: toStr(r['id']) }),
      );
    },
    async openCountsByMapping() {
      const rows = asRows(
        await table()
          .select('mapping_id')
          .count({ n: '*' })
          .whereNull('resolved_at')
          .groupBy('mapping_id'),
      );
      return Object.fromEntries(rows.map((r) => [toStr(r['mapping_id']), toNum(r['n'])]));
    },
  };
}
