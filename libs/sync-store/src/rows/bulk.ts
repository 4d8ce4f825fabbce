import type { Knex } from 'knex';
import { chunked, chunkSizeFor } from './chunks';
import type { Row } from './values';

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export interface BulkConflict {
  /** The unique columns a row may collide on. */
  on: readonly string[];
  /** Columns overwritten from the new row on a collision (the rest keep their stored values). */
  merge: readonly string[];
}

/**
 * Writes many rows with plain multi-row `insert … values (…), (…)` statements (optionally
 * `on conflict (…) do update set …`), one statement per chunk, nothing returned. Every row must
 * carry the same columns as the first. knex writes a multi-row SQLite insert as a compound SELECT
 * and wraps every value on its own; for the sync engine's batches of 500 couplings and history
 * events this costs about twice the CPU of the statement below (see ADR 013), which is the same
 * SQL on SQLite and PostgreSQL. Returns the number of rows written.
 */
export async function writeRows(
  db: Knex | Knex.Transaction,
  table: string,
  rows: readonly Row[],
  conflict?: BulkConflict,
): Promise<number> {
  const first = rows[0];
  if (!first) return 0;
  const columns = Object.keys(first);
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const head = `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values `;
  const tail = conflict
    ? ` on conflict (${conflict.on.map(quote).join(', ')}) do update set ${conflict.merge
        .map((c) => `${quote(c)} = excluded.${quote(c)}`)
        .join(', ')}`
    : '';
  for (const part of chunked(rows, chunkSizeFor(columns.length))) {
    const bindings: unknown[] = [];
    for (const row of part) for (const column of columns) bindings.push(row[column] ?? null);
    await db.raw(head + part.map(() => tuple).join(', ') + tail, bindings as Knex.RawBinding[]);
  }
  return rows.length;
}
