import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import {
  contactsSpec,
  customersSpec,
  type EntitySetSpec,
  type ErpRecord,
} from '../domain/entity-sets';
import { etagFor, ifMatchSatisfied, type IfMatch } from '../domain/etag';
import { validateBody } from '../domain/validation';
import {
  ConcurrencyTokenRequiredError,
  DuplicateKeyError,
  EntityChangedError,
  InvalidTableRelationError,
  RecordNotFoundError,
} from '../errors';
import { logDeletion } from '../repositories/deletions';
import type { NumberSeries } from '../repositories/number-series';
import {
  deleteRecord,
  findRecord,
  insertRecords,
  numberExists,
  toApiRecord,
  updateRecord,
  type Db,
  type RecordRow,
} from '../repositories/records';
import type { WriteContext } from './change-events';

export interface RecordServiceDeps {
  clock: () => Date;
  nextVersion: () => number;
  series: NumberSeries;
  newId?: () => string;
}

/** A record as the API answers it: `@odata.etag` first, then the fields. */
export type ApiRecord = ErpRecord & { '@odata.etag': string };

export function presentRecord(spec: EntitySetSpec, row: RecordRow): ApiRecord {
  return { '@odata.etag': etagFor(row.version), ...toApiRecord(spec, row) };
}

/**
 * The business rules of writing BC records: server-owned fields, number series, If-Match,
 * relations, the deletion log and change events for webhooks.
 */
export function createRecordService(deps: RecordServiceDeps) {
  const newId = deps.newId ?? randomUUID;

  async function get(
    db: Db,
    spec: EntitySetSpec,
    companyId: string,
    id: string,
  ): Promise<RecordRow> {
    const row = await findRecord(db, spec, companyId, id);
    if (!row) throw new RecordNotFoundError(spec.tableName, id);
    return row;
  }

  async function checkRelations(db: Db, spec: EntitySetSpec, companyId: string, values: ErpRecord) {
    if (spec !== contactsSpec) return;
    const companyNumber = values['companyNumber'];
    if (typeof companyNumber !== 'string' || companyNumber === '') return;
    const customer = await db<{ companyId: string; number: string; displayName: string }>(
      customersSpec.name,
    )
      .where({ companyId, number: companyNumber })
      .first();
    if (!customer) throw new InvalidTableRelationError('companyNumber', companyNumber, 'Customer');
    if (values['companyName'] === undefined) values['companyName'] = customer.displayName;
  }

  async function create(
    ctx: WriteContext,
    spec: EntitySetSpec,
    companyId: string,
    body: unknown,
  ): Promise<ApiRecord> {
    const values = validateBody(spec, body, 'create');
    return within(ctx.db, async (trx) => {
      await checkRelations(trx, spec, companyId, values);
      const id = typeof values['id'] === 'string' ? values['id'] : newId();
      const given =
        typeof values['number'] === 'string' && values['number'] !== ''
          ? values['number']
          : undefined;
      const now = deps.clock().toISOString();
      // Insert and let the unique keys speak: a clash on a client-chosen number or id is a
      // duplicate; a clash on a number drawn from the series draws the next one.
      for (let attempt = 0; ; attempt++) {
        const number = given ?? (await deps.series.draw(trx, spec, companyId));
        const row: RecordRow = {
          ...defaults(spec),
          ...values,
          id,
          number,
          companyId,
          lastModifiedDateTime: now,
          version: deps.nextVersion(),
        };
        try {
          await insertRecords(trx, spec, [row]);
        } catch (err) {
          const clash = uniqueClash(err);
          if (clash === 'number' && given === undefined && attempt < 10_000) continue;
          if (clash === 'number') throw new DuplicateKeyError(spec.tableName, number);
          if (clash === 'id') throw new DuplicateKeyError(spec.tableName, `id=${id}`);
          throw err;
        }
        ctx.changes.push({
          companyId,
          entitySet: spec.name,
          id,
          changeType: 'created',
          lastModifiedDateTime: now,
        });
        return presentRecord(spec, row);
      }
    });
  }

  async function update(
    ctx: WriteContext,
    spec: EntitySetSpec,
    companyId: string,
    id: string,
    body: unknown,
    ifMatch: IfMatch | undefined,
  ): Promise<ApiRecord> {
    if (!ifMatch) throw new ConcurrencyTokenRequiredError();
    const values = validateBody(spec, body, 'update', id);
    return within(ctx.db, async (trx) => {
      const current = await get(trx, spec, companyId, id);
      if (!ifMatchSatisfied(ifMatch, current.version)) throw new EntityChangedError();
      return applyUpdate(ctx, trx, spec, current, values);
    });
  }

  /** Writes validated values to a record (shared by PATCH and the mock's "another user" edit). */
  async function applyUpdate(
    ctx: WriteContext,
    trx: Db,
    spec: EntitySetSpec,
    current: RecordRow,
    values: ErpRecord,
  ): Promise<ApiRecord> {
    const number = values['number'];
    if (typeof number === 'string' && number !== current.number) {
      if (number === '') delete values['number'];
      else if (await numberExists(trx, spec, current.companyId, number)) {
        throw new DuplicateKeyError(spec.tableName, number);
      }
    }
    if (values['companyNumber'] !== undefined)
      await checkRelations(trx, spec, current.companyId, values);
    const now = deps.clock().toISOString();
    const changed = { ...values, lastModifiedDateTime: now, version: deps.nextVersion() };
    await updateRecord(trx, spec, current.id, changed);
    ctx.changes.push({
      companyId: current.companyId,
      entitySet: spec.name,
      id: current.id,
      changeType: 'updated',
      lastModifiedDateTime: now,
    });
    return presentRecord(spec, { ...current, ...changed });
  }

  async function remove(
    ctx: WriteContext,
    spec: EntitySetSpec,
    companyId: string,
    id: string,
    ifMatch: IfMatch | undefined,
  ): Promise<void> {
    if (!ifMatch) throw new ConcurrencyTokenRequiredError();
    await within(ctx.db, async (trx) => {
      const current = await get(trx, spec, companyId, id);
      if (!ifMatchSatisfied(ifMatch, current.version)) throw new EntityChangedError();
      await applyDelete(ctx, trx, spec, current);
    });
  }

  async function applyDelete(ctx: WriteContext, trx: Db, spec: EntitySetSpec, current: RecordRow) {
    const now = deps.clock().toISOString();
    await deleteRecord(trx, spec, current.id);
    await logDeletion(trx, {
      companyId: current.companyId,
      entitySet: spec.name,
      id: current.id,
      number: current.number,
      deletedDateTime: now,
    });
    ctx.changes.push({
      companyId: current.companyId,
      entitySet: spec.name,
      id: current.id,
      changeType: 'deleted',
      lastModifiedDateTime: now,
    });
  }

  return { get, create, update, remove, applyUpdate, applyDelete };
}

export type RecordService = ReturnType<typeof createRecordService>;

/**
 * Runs `fn` in a transaction: the caller's one when it already has one (an atomic batch rolls
 * back as a whole, so no savepoint is needed), otherwise a new one.
 */
function within<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  if ('isTransaction' in db && db.isTransaction === true) return fn(db);
  return (db as Knex).transaction((trx) => fn(trx));
}

/** Which unique key an insert violated, if that is why it failed. */
function uniqueClash(err: unknown): 'number' | 'id' | undefined {
  const message = err instanceof Error ? err.message : '';
  if (!message.includes('UNIQUE constraint failed')) return undefined;
  if (/\.number\b/.test(message)) return 'number';
  if (/\.id\b/.test(message)) return 'id';
  return undefined;
}

function defaults(spec: EntitySetSpec): ErpRecord {
  const out: ErpRecord = {};
  for (const [name, field] of Object.entries(spec.fields)) {
    if ('default' in field) out[name] = field.default;
  }
  return out;
}
