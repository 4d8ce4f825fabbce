/**
 * Both databases cap bound parameters per statement (SQLite 32,766, PostgreSQL 65,535), and knex
 * writes a multi-row SQLite insert as a compound SELECT, which SQLite caps at 500 terms. Bulk
 * statements are cut into chunks under both caps.
 */
const maxParameters = 30_000;
export const maxRowsPerStatement = 500;

export function chunkSizeFor(columnsPerRow: number, cap = maxRowsPerStatement): number {
  return Math.max(1, Math.min(cap, Math.floor(maxParameters / Math.max(1, columnsPerRow))));
}

export function chunked<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
