import type { Knex } from 'knex';
import { chunked, chunkSizeFor, maxRowsPerStatement } from './chunks';
import type { Row } from './values';

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export interface BulkConflict {
  /** The unique columns a row may collide on. */
  on: readonly string[];
  /** Columns overwritten from the new row on a collision (the rest keep their stored values). */
  merge: readonly string[];
  /**
   * Merged columns that usually keep their value (e.g. record ids): on SQLite, a stored row whose
   * `stable` columns already hold the new values is updated without setting them, because SQLite
   * rewrites every index on a column an UPDATE sets, even to the same value. PostgreSQL compares
   * the values itself (heap-only updates), so its statement stays as it is.
   */
  stable?: readonly string[];
}

function isSqlite(db: Knex | Knex.Transaction): boolean {
  return (db.client as { dialect?: string }).dialect === 'sqlite3';
}

/**
 * Writes many rows, optionally as an upsert (`on conflict (…) do update set …`, rows sharing a
 * conflict key: the last one wins), nothing returned; every row must carry the same columns as
 * the first. Returns the number of rows given.
 *
 * - PostgreSQL: plain multi-row `insert … values (…), (…)`, one statement per chunk. knex writes a
 *   multi-row insert as a compound SELECT on SQLite and wraps every value on its own; for the
 *   engine's batches of 500 this cost about twice the CPU (ADR 013).
 * - SQLite: each chunk of rows travels as ONE JSON text bound once, unpacked by `json_each` inside
 *   SQLite. Binding 500 rows × 24 columns one value at a time (knex formats every `?`,
 *   node-sqlite3 converts every value) was about a third of the sync process's busy main thread
 *   in P1's profile; see ADR 019.
 */
export async function writeRows(
  db: Knex | Knex.Transaction,
  table: string,
  given: readonly Row[],
  conflict?: BulkConflict,
): Promise<number> {
  const first = given[0];
  if (!first) return 0;
  const columns = Object.keys(first);
  const rows = lastPerKey(given, conflict);
  if (isSqlite(db)) {
    for (const part of chunked(rows, maxRowsPerStatement)) {
      await writeSqliteJson(db, table, columns, part, conflict);
    }
    return given.length;
  }
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const head = `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values `;
  const tail = conflict ? onConflict(conflict, conflict.merge) : '';
  for (const part of chunked(rows, chunkSizeFor(columns.length))) {
    const bindings: unknown[] = [];
    for (const row of part) for (const column of columns) bindings.push(row[column] ?? null);
    await db.raw(head + part.map(() => tuple).join(', ') + tail, bindings as Knex.RawBinding[]);
  }
  return given.length;
}

function onConflict(conflict: BulkConflict, merge: readonly string[]): string {
  return ` on conflict (${conflict.on.map(quote).join(', ')}) do update set ${merge
    .map((c) => `${quote(c)} = excluded.${quote(c)}`)
    .join(', ')}`;
}

/**
 * The last of the rows sharing a conflict key, as writing them one after another would leave it
 * (PostgreSQL refuses an upsert that meets its own row twice; an `update … from` would pick any).
 */
function lastPerKey(rows: readonly Row[], conflict?: BulkConflict): readonly Row[] {
  if (!conflict) return rows;
  const byKey = new Map<string, Row>();
  for (const row of rows) byKey.set(JSON.stringify(conflict.on.map((c) => row[c] ?? null)), row);
  return byKey.size === rows.length ? rows : [...byKey.values()];
}

/**
 * SQLite: `insert … select j.value ->> 0, … from json_each(?) j where …` (SQLite needs a WHERE,
 * `true` if nothing else, before an upsert clause that follows a SELECT). With `stable` columns,
 * an `update … from json_each(?)` first writes the rows whose stored stable columns are unchanged,
 * without setting those columns; the upsert then skips them. Both statements run inside the
 * caller's transaction, if any.
 */
async function writeSqliteJson(
  db: Knex | Knex.Transaction,
  table: string,
  columns: readonly string[],
  rows: readonly Row[],
  conflict?: BulkConflict,
): Promise<void> {
  const json = JSON.stringify(rows.map((row) => columns.map((c) => row[c] ?? null)));
  const at = (column: string) => `j.value ->> ${columns.indexOf(column)}`;
  const t = quote(table);
  const stable = (conflict?.stable ?? []).filter((c) => columns.includes(c));
  // `=` on the conflict key (the unique index answers it), `is` on the stable columns (nullable).
  const unchanged = [
    ...(conflict?.on ?? []).map((c) => `${t}.${quote(c)} = ${at(c)}`),
    ...stable.map((c) => `${t}.${quote(c)} is ${at(c)}`),
  ].join(' and ');
  if (conflict && stable.length > 0) {
    const set = conflict.merge.filter((c) => !stable.includes(c));
    if (set.length > 0) {
      await db.raw(
        `update ${t} set (${set.map(quote).join(', ')}) = (${set.map(at).join(', ')}) ` +
          `from json_each(?) as j where ${unchanged}`,
        [json],
      );
    }
  }
  const skip =
    conflict && stable.length > 0 ? `not exists (select 1 from ${t} where ${unchanged})` : 'true';
  await db.raw(
    `insert into ${t} (${columns.map(quote).join(', ')}) ` +
      `select ${columns.map(at).join(', ')} from json_each(?) as j where ${skip}` +
      (conflict ? onConflict(conflict, conflict.merge) : ''),
    [json],
  );
}
