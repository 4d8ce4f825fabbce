import type { Knex } from 'knex';
import { fieldOf, type EntitySetSpec, type ErpRecord } from '../domain/entity-sets';

export type Db = Knex | Knex.Transaction;

/** A stored row: the API fields plus `companyId` and the row `version` behind the etag. */
export type RecordRow = ErpRecord & {
  id: string;
  companyId: string;
  number: string;
  version: number;
};

/** SQLite returns booleans as 0/1; turn a raw row back into typed values. */
export function fromSql(spec: EntitySetSpec, raw: Record<string, unknown>): RecordRow {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(raw)) {
    const field = fieldOf(spec, key);
    if (field?.kind === 'boolean') out[key] = value === 1 || value === true;
    else if (value !== null && value !== undefined) out[key] = value as string | number;
  }
  return out as RecordRow;
}

export async function findRecord(
  db: Db,
  spec: EntitySetSpec,
  companyId: string,
  id: string,
): Promise<RecordRow | undefined> {
  const raw = (await db(spec.name).where({ companyId, id }).first()) as
    Record<string, unknown> | undefined;
  return raw ? fromSql(spec, raw) : undefined;
}

/** Looks a record up by id alone (ids are unique across companies). */
export async function findRecordAnyCompany(
  db: Db,
  spec: EntitySetSpec,
  id: string,
): Promise<RecordRow | undefined> {
  const raw = (await db(spec.name).where({ id }).first()) as Record<string, unknown> | undefined;
  return raw ? fromSql(spec, raw) : undefined;
}

export async function numberExists(
  db: Db,
  spec: EntitySetSpec,
  companyId: string,
  number: string,
): Promise<boolean> {
  const row: unknown = await db(spec.name).where({ companyId, number }).first('id');
  return row !== undefined;
}

export async function idExists(db: Db, spec: EntitySetSpec, id: string): Promise<boolean> {
  const row: unknown = await db(spec.name).where({ id }).first('id');
  return row !== undefined;
}

export async function insertRecords(db: Db, spec: EntitySetSpec, rows: RecordRow[]): Promise<void> {
  if (rows.length === 0) return;
  // One multi-row VALUES statement per chunk (knex would build a compound SELECT, which SQLite
  // limits to 500 terms and parses slowly). SQLite allows 32766 bound variables per statement.
  const columns = ['companyId', 'version', ...Object.keys(spec.fields)];
  const chunk = Math.max(1, Math.floor(30_000 / columns.length));
  const head = `insert into ${quote(spec.name)} (${columns.map(quote).join(', ')}) values `;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    const bindings: (string | number | boolean)[] = [];
    for (const row of part) {
      for (const c of columns) {
        const v = row[c];
        if (v === undefined) throw new Error(`insertRecords: ${spec.name}.${c} is missing`);
        bindings.push(typeof v === 'boolean' ? (v ? 1 : 0) : v);
      }
    }
    await db.raw(head + part.map(() => tuple).join(', '), bindings);
  }
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

export async function updateRecord(
  db: Db,
  spec: EntitySetSpec,
  id: string,
  values: Partial<RecordRow>,
): Promise<void> {
  await db(spec.name).where({ id }).update(values);
}

export async function deleteRecord(db: Db, spec: EntitySetSpec, id: string): Promise<void> {
  await db(spec.name).where({ id }).delete();
}

/** Public shape of a row: the spec's fields in spec order (drops companyId and version). */
export function toApiRecord(spec: EntitySetSpec, row: RecordRow): ErpRecord {
  const out: ErpRecord = {};
  for (const name of Object.keys(spec.fields)) {
    const value = row[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}
