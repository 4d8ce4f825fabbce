import { randomUUID } from 'node:crypto';
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
import { drawNumber } from '../repositories/number-series';
import {
  deleteRecord,
  findRecord,
  idExists,
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
    return ctx.db.transaction(async (trx) => {
      const id = typeof values['id'] === 'string' ? values['id'] : newId();
      if (await idExists(trx, spec, id)) throw new DuplicateKeyError(spec.tableName, `id=${id}`);
      let number = typeof values['number'] === 'string' ? values['number'] : '';
      if (number === '') number = await drawNumber(trx, spec, companyId);
      else if (await numberExists(trx, spec, companyId, number))
        throw new DuplicateKeyError(spec.tableName, number);
      await checkRelations(trx, spec, companyId, values);
      const now = deps.clock().toISOString();
      const row: RecordRow = {
        ...defaults(spec),
        ...values,
        id,
        number,
        companyId,
        lastModifiedDateTime: now,
        version: deps.nextVersion(),
      };
      await insertRecords(trx, spec, [row]);
      ctx.changes.push({
        companyId,
        entitySet: spec.name,
        id,
        changeType: 'created',
        lastModifiedDateTime: now,
      });
      return presentRecord(spec, row);
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
    return ctx.db.transaction(async (trx) => {
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
    await ctx.db.transaction(async (trx) => {
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

function defaults(spec: EntitySetSpec): ErpRecord {
  const out: ErpRecord = {};
  for (const [name, field] of Object.entries(spec.fields)) {
    if ('default' in field) out[name] = field.default;
  }
  return out;
}
