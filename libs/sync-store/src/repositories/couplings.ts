import type { Knex } from 'knex';
import { tables } from '../migrations/tables';
import type { SnapshotValues } from '../model/snapshot';
import { chunkSizeFor, chunked } from '../rows/chunks';
import { writeRows } from '../rows/bulk';
import { clampLimit, decodeCursor, toPage, type Page, type PageRequest } from '../paging/cursor';
import {
  definedOnly,
  fromJson,
  toBool,
  toJson,
  toNum,
  toStr,
  toStrOrNull,
  type Row,
  asRows,
} from '../rows/values';
import { RecordNotFoundError } from '../store-errors';
import { inTransaction, type RepositoryContext } from './context';

export type SyncResult = 'succeeded' | 'failed';

/** Two records, one in each app, kept in sync, and what the last syncs left behind. */
export interface Coupling {
  id: string;
  mappingId: string;
  erpId: string | null;
  crmId: string | null;
  /** ERP `@odata.etag` at the last sync. */
  erpVersion: string | null;
  /** CRM `versionnumber` at the last sync. */
  crmVersion: string | null;
  /** Hash of the ERP record's canonical values at the last sync. */
  erpHash: string | null;
  crmHash: string | null;
  /** The values both sides agreed on at the last sync (the base of the 3-way compare). */
  base: SnapshotValues | null;
  /** Coupling state (values owned by sync-core), e.g. 'coupled' | 'failed' | 'conflict'. */
  state: string;
  skipped: boolean;
  attempts: number;
  lastErrorKind: string | null;
  lastErrorMessage: string | null;
  lastErrorAt: string | null;
  lastResultToCrm: SyncResult | null;
  lastJobIdToCrm: string | null;
  lastResultToErp: SyncResult | null;
  lastJobIdToErp: string | null;
  lastSyncedAt: string | null;
  /** ERP number (or CRM account number) for search and display. */
  recordNumber: string | null;
  /** Display name for search and display. */
  recordName: string | null;
  createdAt: string;
  updatedAt: string;
  lockedBy: string | null;
  lockedUntil: string | null;
}

/** A coupling as written by the engine; omitted optional fields take their defaults. */
export type CouplingInput = Pick<Coupling, 'mappingId' | 'erpId' | 'crmId'> &
  Partial<
    Omit<
      Coupling,
      'mappingId' | 'erpId' | 'crmId' | 'createdAt' | 'updatedAt' | 'lockedBy' | 'lockedUntil'
    >
  >;

export type CouplingPatch = Partial<
  Omit<Coupling, 'id' | 'mappingId' | 'createdAt' | 'updatedAt' | 'lockedBy' | 'lockedUntil'>
>;

export interface CouplingListQuery extends PageRequest {
  mappingId?: string | undefined;
  state?: string | undefined;
  skipped?: boolean | undefined;
  /** Case-insensitive text in record number or name, or an exact ERP/CRM id. */
  search?: string | undefined;
}

/** Which unique key decides that an upserted coupling already exists. */
export type CouplingConflictKey = 'id' | 'erpId' | 'crmId';

export interface CouplingRepository {
  get(id: string): Promise<Coupling | null>;
  require(id: string): Promise<Coupling>;
  findByErpId(mappingId: string, erpId: string): Promise<Coupling | null>;
  findByCrmId(mappingId: string, crmId: string): Promise<Coupling | null>;
  /** The couplings of many records of one side at once (chunked IN lookups; order not kept). */
  findManyByRecordIds(
    mappingId: string,
    side: 'erp' | 'crm',
    ids: readonly string[],
  ): Promise<Coupling[]>;
  getMany(ids: readonly string[]): Promise<Coupling[]>;
  /** A record by coupling id, ERP id, CRM id or record number (first match, any mapping). */
  findByAnyKey(key: string): Promise<Coupling | null>;
  create(input: CouplingInput): Promise<Coupling>;
  /**
   * Inserts or overwrites whole couplings, one statement per chunk, in one transaction. A row that
   * matches an existing coupling on `conflictKey` (default 'id') replaces its sync state but keeps
   * its id and createdAt. Returns the stored couplings.
   */
  upsertMany(
    inputs: readonly CouplingInput[],
    conflictKey?: CouplingConflictKey,
  ): Promise<Coupling[]>;
  /**
   * `upsertMany` without reading the rows back: the sync engine's write path (batches of
   * hundreds per commit). Returns how many rows were written.
   */
  writeMany(inputs: readonly CouplingInput[], conflictKey?: CouplingConflictKey): Promise<number>;
  update(id: string, patch: CouplingPatch): Promise<Coupling>;
  /** Sets Skipped on many couplings (Retry clears it); returns how many changed. */
  setSkipped(ids: readonly string[], skipped: boolean): Promise<number>;
  /**
   * Records the version (etag) of one side's record for many couplings, changing nothing else:
   * one UPDATE per chunk. Returns how many couplings changed.
   */
  setVersions(
    side: 'erp' | 'crm',
    versions: readonly { id: string; version: string }[],
  ): Promise<number>;
  /** Deletes couplings (Remove coupling); their open errors keep their record ids. */
  removeMany(ids: readonly string[]): Promise<number>;
  list(query: CouplingListQuery): Promise<Page<Coupling>>;
  /** Walks every coupling of a mapping in id order, one page at a time (never the whole table). */
  scan(mappingId: string, batchSize?: number): AsyncGenerator<Coupling[]>;
  countByMapping(): Promise<Record<string, number>>;
  /**
   * Takes a lock on the couplings not locked by another worker (or whose lock expired). Returns the
   * ids now held by `worker`. Conditional UPDATE: two workers never both hold one coupling.
   */
  lock(ids: readonly string[], worker: string, until: Date): Promise<string[]>;
  unlock(ids: readonly string[], worker: string): Promise<number>;
}

const columnCount = 27;

/** Rows changed by a raw UPDATE on PostgreSQL (pg's result object). */
function rowCountOf(result: unknown): number {
  const count = (result as { rowCount?: unknown } | null)?.rowCount;
  return typeof count === 'number' ? count : 0;
}

/** Rows changed by the last statement on this SQLite connection (a raw UPDATE reports none). */
async function sqliteChanges(trx: Knex.Transaction): Promise<number> {
  const rows = await trx.raw<{ n?: unknown }[]>('select changes() as n');
  return Number(rows[0]?.n ?? 0);
}

export function toCoupling(r: Row): Coupling {
  return {
    id: toStr(r['id']),
    mappingId: toStr(r['mapping_id']),
    erpId: toStrOrNull(r['erp_id']),
    crmId: toStrOrNull(r['crm_id']),
    erpVersion: toStrOrNull(r['erp_version']),
    crmVersion: toStrOrNull(r['crm_version']),
    erpHash: toStrOrNull(r['erp_hash']),
    crmHash: toStrOrNull(r['crm_hash']),
    base: fromJson<SnapshotValues>(r['base']),
    state: toStr(r['state']),
    skipped: toBool(r['skipped']),
    attempts: toNum(r['attempts']),
    lastErrorKind: toStrOrNull(r['last_error_kind']),
    lastErrorMessage: toStrOrNull(r['last_error_message']),
    lastErrorAt: toStrOrNull(r['last_error_at']),
    lastResultToCrm: toStrOrNull(r['last_result_to_crm']) as SyncResult | null,
    lastJobIdToCrm: toStrOrNull(r['last_job_id_to_crm']),
    lastResultToErp: toStrOrNull(r['last_result_to_erp']) as SyncResult | null,
    lastJobIdToErp: toStrOrNull(r['last_job_id_to_erp']),
    lastSyncedAt: toStrOrNull(r['last_synced_at']),
    recordNumber: toStrOrNull(r['record_number']),
    recordName: toStrOrNull(r['record_name']),
    createdAt: toStr(r['created_at']),
    updatedAt: toStr(r['updated_at']),
    lockedBy: toStrOrNull(r['locked_by']),
    lockedUntil: toStrOrNull(r['locked_until']),
  };
}

function patchColumns(p: CouplingPatch): Row {
  return definedOnly({
    erp_id: p.erpId,
    crm_id: p.crmId,
    erp_version: p.erpVersion,
    crm_version: p.crmVersion,
    erp_hash: p.erpHash,
    crm_hash: p.crmHash,
    base: p.base === undefined ? undefined : toJson(p.base),
    state: p.state,
    skipped: p.skipped,
    attempts: p.attempts,
    last_error_kind: p.lastErrorKind,
    last_error_message: p.lastErrorMessage,
    last_error_at: p.lastErrorAt,
    last_result_to_crm: p.lastResultToCrm,
    last_job_id_to_crm: p.lastJobIdToCrm,
    last_result_to_erp: p.lastResultToErp,
    last_job_id_to_erp: p.lastJobIdToErp,
    last_synced_at: p.lastSyncedAt,
    record_number: p.recordNumber,
    record_name: p.recordName,
  });
}

/** Every column of a whole-coupling write, so multi-row inserts never mix column sets. */
function fullRow(input: CouplingInput, id: string, now: string): Row {
  return {
    id,
    mapping_id: input.mappingId,
    erp_id: input.erpId,
    crm_id: input.crmId,
    erp_version: input.erpVersion ?? null,
    crm_version: input.crmVersion ?? null,
    erp_hash: input.erpHash ?? null,
    crm_hash: input.crmHash ?? null,
    base: toJson(input.base ?? null),
    state: input.state ?? 'coupled',
    skipped: input.skipped ?? false,
    attempts: input.attempts ?? 0,
    last_error_kind: input.lastErrorKind ?? null,
    last_error_message: input.lastErrorMessage ?? null,
    last_error_at: input.lastErrorAt ?? null,
    last_result_to_crm: input.lastResultToCrm ?? null,
    last_job_id_to_crm: input.lastJobIdToCrm ?? null,
    last_result_to_erp: input.lastResultToErp ?? null,
    last_job_id_to_erp: input.lastJobIdToErp ?? null,
    last_synced_at: input.lastSyncedAt ?? null,
    record_number: input.recordNumber ?? null,
    record_name: input.recordName ?? null,
    created_at: now,
    updated_at: now,
  };
}

const conflictColumns: Readonly<Record<CouplingConflictKey, string[]>> = {
  id: ['id'],
  erpId: ['mapping_id', 'erp_id'],
  crmId: ['mapping_id', 'crm_id'],
};

export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function createCouplingRepository(ctx: RepositoryContext): CouplingRepository {
  const { db } = ctx;
  const table = () => db(tables.couplings);
  const idChunk = chunkSizeFor(1);

  async function get(id: string): Promise<Coupling | null> {
    const row = (await table().where('id', id).first()) as Row | undefined;
    return row ? toCoupling(row) : null;
  }
  async function require(id: string): Promise<Coupling> {
    const found = await get(id);
    if (!found) throw new RecordNotFoundError('Coupling', id);
    return found;
  }
  async function findOne(where: Row): Promise<Coupling | null> {
    const row = (await table().where(where).first()) as Row | undefined;
    return row ? toCoupling(row) : null;
  }
  async function updateIds(ids: readonly string[], changes: Row): Promise<number> {
    if (ids.length === 0) return 0;
    return inTransaction(ctx, async (trx) => {
      let count = 0;
      for (const part of chunked([...new Set(ids)], idChunk)) {
        count += await trx(tables.couplings).whereIn('id', part).update(changes);
      }
      return count;
    });
  }

  return {
    get,
    require,
    findByErpId: (mappingId, erpId) => findOne({ mapping_id: mappingId, erp_id: erpId }),
    findByCrmId: (mappingId, crmId) => findOne({ mapping_id: mappingId, crm_id: crmId }),
    async findManyByRecordIds(mappingId, side, ids) {
      const column = side === 'erp' ? 'erp_id' : 'crm_id';
      const out: Coupling[] = [];
      for (const part of chunked([...new Set(ids)], idChunk)) {
        const rows = (await table().where('mapping_id', mappingId).whereIn(column, part)) as Row[];
        out.push(...rows.map(toCoupling));
      }
      return out;
    },
    async getMany(ids) {
      const out: Coupling[] = [];
      for (const part of chunked([...new Set(ids)], idChunk)) {
        const rows = (await table().whereIn('id', part)) as Row[];
        out.push(...rows.map(toCoupling));
      }
      return out;
    },
    async findByAnyKey(key) {
      for (const column of ['id', 'erp_id', 'crm_id', 'record_number']) {
        const q = table().where(column, key);
        // Record ids are indexed with their mapping only (migration 006): naming every mapping
        // lets the `(mapping_id, erp_id)` and `(mapping_id, crm_id)` indexes answer.
        if (column !== 'id') q.whereIn('mapping_id', db(tables.mappings).select('id'));
        const row = (await q.first()) as Row | undefined;
        if (row) return toCoupling(row);
      }
      return null;
    },
    async create(input) {
      const [row] = (await table()
        .insert(fullRow(input, input.id ?? ctx.newId(), ctx.now()))
        .returning('*')) as Row[];
      if (!row) throw new Error('insert returned no row');
      return toCoupling(row);
    },
    async upsertMany(inputs, conflictKey = 'id') {
      if (inputs.length === 0) return [];
      const now = ctx.now();
      const rows = inputs.map((input) => fullRow(input, input.id ?? ctx.newId(), now));
      const merge = Object.keys(rows[0] ?? {}).filter(
        (c) => c !== 'id' && c !== 'mapping_id' && c !== 'created_at',
      );
      return inTransaction(ctx, async (trx) => {
        const out: Coupling[] = [];
        for (const part of chunked(rows, chunkSizeFor(columnCount))) {
          const stored = (await trx(tables.couplings)
            .insert(part)
            .onConflict(conflictColumns[conflictKey])
            .merge(merge)
            .returning('*')) as Row[];
          out.push(...stored.map(toCoupling));
        }
        return out;
      });
    },
    async writeMany(inputs, conflictKey = 'id') {
      if (inputs.length === 0) return 0;
      const now = ctx.now();
      const rows = inputs.map((input) => fullRow(input, input.id ?? ctx.newId(), now));
      const merge = Object.keys(rows[0] ?? {}).filter(
        (c) => c !== 'id' && c !== 'mapping_id' && c !== 'created_at',
      );
      return inTransaction(ctx, (trx) =>
        writeRows(trx, tables.couplings, rows, {
          on: conflictColumns[conflictKey],
          merge,
          // A batch's commit rewrites the couplings its planned creates wrote moments before:
          // their record ids and number are the same, and the ERP id's index has random keys.
          stable: ['erp_id', 'crm_id', 'record_number'],
        }),
      );
    },
    async update(id, patch) {
      const count = await table()
        .where('id', id)
        .update({ ...patchColumns(patch), updated_at: ctx.now() });
      if (count === 0) throw new RecordNotFoundError('Coupling', id);
      return require(id);
    },
    setSkipped(ids, skipped) {
      return updateIds(ids, { skipped, updated_at: ctx.now() });
    },
    async setVersions(side, versions) {
      if (versions.length === 0) return 0;
      const column = side === 'erp' ? 'erp_version' : 'crm_version';
      const latest = new Map(versions.map((v) => [v.id, v.version]));
      return inTransaction(ctx, async (trx) => {
        let count = 0;
        for (const part of chunked([...latest.entries()], chunkSizeFor(2))) {
          // A join with the (id, version) rows: a `case id when … end` of n branches costs n²/2
          // comparisons per statement and was most of the first sync's read-back pass.
          const values = part.map(() => '(?, ?)').join(', ');
          const result: unknown = await trx.raw(
            `update ?? set ?? = v.version, updated_at = ? from ` +
              `(select column1 as id, column2 as version from (values ${values}) as t) as v ` +
              `where ??.id = v.id`,
            [tables.couplings, column, ctx.now(), ...part.flat(), tables.couplings],
          );
          count += ctx.client === 'pg' ? rowCountOf(result) : await sqliteChanges(trx);
        }
        return count;
      });
    },
    async removeMany(ids) {
      if (ids.length === 0) return 0;
      const removedAt = ctx.now();
      return inTransaction(ctx, async (trx) => {
        let count = 0;
        for (const part of chunked([...new Set(ids)], idChunk)) {
          // What finds the record's log once the coupling is gone (history keeps the coupling id).
          await trx.raw(
            `insert into ?? (coupling_id, mapping_id, erp_id, crm_id, removed_at)
             select id, mapping_id, erp_id, crm_id, ? from ?? where id in (${part.map(() => '?').join(', ')})
             on conflict (coupling_id) do nothing`,
            [tables.removedCouplings, removedAt, tables.couplings, ...part],
          );
          count += await trx(tables.couplings).whereIn('id', part).delete();
        }
        return count;
      });
    },
    async list(query) {
      const limit = clampLimit(query.limit);
      const q = table().select('*');
      if (query.mappingId !== undefined) q.where('mapping_id', query.mappingId);
      if (query.state !== undefined) q.where('state', query.state);
      if (query.skipped !== undefined) q.where('skipped', query.skipped);
      if (query.search) {
        const like = likePattern(query.search);
        const exact = query.search;
        q.where((w) => {
          void w
            .whereRaw(`lower(record_number) like ? escape '\\'`, [like])
            .orWhereRaw(`lower(record_name) like ? escape '\\'`, [like])
            .orWhere('erp_id', exact)
            .orWhere('crm_id', exact);
        });
      }
      if (query.cursor) q.where('id', '>', decodeCursor(query.cursor).id);
      const rows = (await q.orderBy('id').limit(limit + 1)) as Row[];
      return toPage(rows, limit, toCoupling, (r) => ({ value: null, id: toStr(r['id']) }));
    },
    async *scan(mappingId, batchSize = 1000) {
      let after: string | null = null;
      for (;;) {
        const q = table().where('mapping_id', mappingId);
        if (after !== null) q.where('id', '>', after);
        const rows = (await q.orderBy('id').limit(batchSize)) as Row[];
        if (rows.length === 0) return;
        const page = rows.map(toCoupling);
        yield page;
        if (rows.length < batchSize) return;
        after = page.at(-1)?.id ?? null;
      }
    },
    async countByMapping() {
      const rows = asRows(
        await table().select('mapping_id').count({ n: '*' }).groupBy('mapping_id'),
      );
      return Object.fromEntries(rows.map((r) => [toStr(r['mapping_id']), toNum(r['n'])]));
    },
    async lock(ids, worker, until) {
      if (ids.length === 0) return [];
      const now = ctx.now();
      return inTransaction(ctx, async (trx) => {
        const held: string[] = [];
        for (const part of chunked([...new Set(ids)], idChunk)) {
          const rows = asRows(
            await trx(tables.couplings)
              .whereIn('id', part)
              .andWhere((w) => {
                void w
                  .whereNull('locked_until')
                  .orWhere('locked_until', '<', now)
                  .orWhere('locked_by', worker);
              })
              .update({ locked_by: worker, locked_until: until.toISOString() })
              .returning('id'),
          );
          held.push(...rows.map((r) => toStr(r['id'])));
        }
        return held;
      });
    },
    async unlock(ids, worker) {
      if (ids.length === 0) return 0;
      return inTransaction(ctx, async (trx) => {
        let count = 0;
        for (const part of chunked([...new Set(ids)], idChunk)) {
          count += await trx(tables.couplings)
            .whereIn('id', part)
            .where('locked_by', worker)
            .update({ locked_by: null, locked_until: null });
        }
        return count;
      });
    },
  };
}
