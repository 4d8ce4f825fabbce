import type { Knex } from 'knex';
import {
  AlreadyExistsError,
  BadRequestError,
  EntityNotFoundError,
  type EntitySetDef,
  type StoredValue,
  type ValidatedBody,
} from '@twinsync/odata-kit';
import { contacts, model, statusReasons } from '../model';
import type { PreparedStatements } from './prepared';

export type Db = Knex | Knex.Transaction;
export type Row = Record<string, unknown>;

/** What every write needs: the clock and the table-wide version counter. */
export interface WriteContext {
  now: () => string;
  nextVersion: () => number;
  /** Called once per record written (for the counters). */
  onChange?: (kind: 'created' | 'updated' | 'deleted', set: EntitySetDef, id: string) => void;
  /** Prepared statements for writes outside a transaction (store/prepared.ts). */
  prepared?: PreparedStatements;
}

function isTransaction(db: Db): db is Knex.Transaction {
  return (db as Partial<Knex.Transaction>).isTransaction === true;
}

/** Runs `fn` in a transaction: the given one (a change set), or a new one. */
export async function inTransaction<T>(db: Db, fn: (trx: Knex.Transaction) => Promise<T>) {
  if (isTransaction(db)) return fn(db);
  return db.transaction(fn);
}

export async function findRow(db: Db, set: EntitySetDef, id: string): Promise<Row | undefined> {
  return (await db(set.name).where(set.key, id).first()) as Row | undefined;
}

export function versionOf(row: Row): string {
  return String(row['versionnumber']);
}

/**
 * statecode/statuscode as Dataverse pairs them: a state given without a status reason gets the
 * state's default reason; a reason that does not belong to the state → 400.
 */
function statusOf(set: EntitySetDef, written: Row, merged: Row): Row {
  const reasons = statusReasons[set.name];
  const state = merged['statecode'];
  if (!reasons || typeof state !== 'number') return {};
  const allowed = reasons[state] ?? [];
  if (written['statuscode'] === undefined || written['statuscode'] === null) {
    return written['statecode'] === undefined ? {} : { statuscode: allowed[0] ?? null };
  }
  if (!allowed.includes(Number(written['statuscode']))) {
    throw new BadRequestError(
      `${Number(written['statuscode'])} is not a valid status code for state code ${set.entityType}State ${state}.`,
      'InvalidValue',
    );
  }
  return {};
}

/** The row as stored after an insert: every column, null where nothing was written. */
function completeRow(set: EntitySetDef, row: Row): Row {
  const out: Row = {};
  for (const name of Object.keys(set.columns)) out[name] = row[name] ?? null;
  return out;
}

async function checkBinds(db: Db, body: ValidatedBody): Promise<void> {
  for (const bind of body.binds) {
    if (bind.id === null) continue;
    const target = model.get(bind.target);
    if (!target) continue;
    const found = await db<Row>(target.name).where(target.key, bind.id).first();
    if (!found) throw new EntityNotFoundError(target.entityType, bind.id);
  }
}

/** Columns the service computes from others (contacts: fullname). */
function computed(set: EntitySetDef, row: Row): Record<string, StoredValue> {
  if (set !== contacts) return {};
  const first = typeof row['firstname'] === 'string' ? row['firstname'].trim() : '';
  const last = typeof row['lastname'] === 'string' ? row['lastname'].trim() : '';
  const full = [first, last].filter((s) => s !== '').join(' ');
  return { fullname: full === '' ? null : full };
}

/** Inserts a record with `id`; the caller checked it does not exist. Returns the stored row. */
export async function insertRecord(
  db: Db,
  ctx: WriteContext,
  set: EntitySetDef,
  id: string,
  body: ValidatedBody,
): Promise<Row> {
  const row = await insertIfAbsent(db, ctx, set, id, body);
  // Only when another request took the id between the caller's check and this insert.
  if (!row) {
    throw new AlreadyExistsError(
      `A record with matching key values already exists: ${set.entityType} With Id = ${id}.`,
    );
  }
  return row;
}

/** `INSERT … ON CONFLICT DO NOTHING RETURNING key`, as knex writes it, for these columns. */
function insertSql(set: EntitySetDef, columns: readonly string[]): string {
  const quote = (name: string) => `\`${name}\``;
  return (
    `insert into ${quote(set.name)} (${columns.map(quote).join(', ')}) ` +
    `values (${columns.map(() => '?').join(', ')}) ` +
    `on conflict (${quote(set.key)}) do nothing returning ${quote(set.key)}`
  );
}

/**
 * Inserts a record with `id` unless one exists — ONE statement (`INSERT … ON CONFLICT DO NOTHING
 * RETURNING`), so a guarded create costs a single round trip. Undefined when the id was taken.
 */
export async function insertIfAbsent(
  db: Db,
  ctx: WriteContext,
  set: EntitySetDef,
  id: string,
  body: ValidatedBody,
): Promise<Row | undefined> {
  const write = async (trx: Db) => {
    await checkBinds(trx, body);
    const now = ctx.now();
    const row: Row = { ...body.values, [set.key]: id };
    if (set.columns['statecode'] && row['statecode'] === undefined) row['statecode'] = 0;
    Object.assign(row, statusOf(set, row, row));
    Object.assign(row, computed(set, row), {
      versionnumber: ctx.nextVersion(),
      createdon: now,
      modifiedon: now,
    });
    const inserted =
      ctx.prepared && !isTransaction(trx)
        ? await ctx.prepared.all(
            insertSql(set, Object.keys(row)),
            Object.values(row).map((v) => v ?? null),
          )
        : await trx(set.name).insert(row).onConflict(set.key).ignore().returning<Row[]>(set.key);
    if (inserted.length === 0) return undefined;
    // (A trigger drops the tombstone of an id that comes back, see store/database.ts.)
    ctx.onChange?.('created', set, id);
    return completeRow(set, row);
  };
  // One statement needs no transaction of its own (binds are checked in the same one).
  return body.binds.length === 0 ? write(db) : inTransaction(db, write);
}

/** Applies validated values to an existing row; every update takes a new version. */
export async function updateRecord(
  db: Db,
  ctx: WriteContext,
  set: EntitySetDef,
  current: Row,
  body: ValidatedBody,
): Promise<Row> {
  const write = async (trx: Db) => {
    await checkBinds(trx, body);
    const id = String(current[set.key]);
    const values: Row = { ...body.values };
    delete values[set.key];
    Object.assign(values, statusOf(set, values, { ...current, ...values }));
    Object.assign(values, computed(set, { ...current, ...values }), {
      versionnumber: ctx.nextVersion(),
      modifiedon: ctx.now(),
    });
    await trx(set.name).where(set.key, id).update(values);
    ctx.onChange?.('updated', set, id);
    return { ...current, ...values };
  };
  return body.binds.length === 0 ? write(db) : inTransaction(db, write);
}

/**
 * Deletes a record and leaves a tombstone for change tracking. Contacts whose parent account is
 * deleted lose the link (and take a new version), see the mock-crm ADR.
 */
export async function deleteRecord(
  db: Db,
  ctx: WriteContext,
  set: EntitySetDef,
  current: Row,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const id = String(current[set.key]);
    await trx(set.name).where(set.key, id).delete();
    await trx('deletions')
      .insert({
        entityset: set.name,
        id,
        versionnumber: ctx.nextVersion(),
        deletedon: ctx.now(),
      })
      .onConflict(['entityset', 'id'])
      .merge();
    ctx.onChange?.('deleted', set, id);
    for (const other of model.values()) {
      for (const lookup of other.lookups ?? []) {
        if (lookup.target !== set.name) continue;
        const children = await trx<Row>(other.name)
          .where(lookup.column, id)
          .select<Row[]>(other.key);
        for (const child of children) {
          const childId = String(child[other.key]);
          await trx(other.name)
            .where(other.key, childId)
            .update({
              [lookup.column]: null,
              versionnumber: ctx.nextVersion(),
              modifiedon: ctx.now(),
            });
          ctx.onChange?.('updated', other, childId);
        }
      }
    }
  });
}
