/** Converts what SQLite (text/number) or PostgreSQL (Date) returns for a timestamp to ISO 8601. */
export function toIso(value: string | number | Date): string {
  if (value instanceof Date) return value.toISOString();
  return new Date(value).toISOString();
}

export function toIsoOrNull(value: string | number | Date | null | undefined): string | null {
  return value === null || value === undefined ? null : toIso(value);
}

/** JSON columns arrive as text on SQLite and parsed on PostgreSQL. */
export function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? null;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

export function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** A database row as knex returns it: column name → driver value. */
export type Row = Record<string, unknown>;

export function rowsOf(value: unknown): Row[] {
  return Array.isArray(value) ? (value as Row[]) : [];
}

export function rowOf(value: unknown): Row | null {
  return value !== null && typeof value === 'object' ? (value as Row) : null;
}

function scalarText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

export function str(row: Row, column: string): string {
  return scalarText(row[column]) ?? '';
}

export function strOrNull(row: Row, column: string): string | null {
  return scalarText(row[column]);
}

export function num(row: Row, column: string): number {
  return Number(row[column] ?? 0);
}

export function bool(row: Row, column: string): boolean {
  const v = row[column];
  return v === true || v === 1 || v === '1' || v === 'true';
}

function dateLike(value: unknown): string | number | Date | null {
  if (typeof value === 'string' || typeof value === 'number' || value instanceof Date) return value;
  return null;
}

export function isoOf(row: Row, column: string): string {
  return toIso(dateLike(row[column]) ?? 0);
}

export function isoOrNullOf(row: Row, column: string): string | null {
  return toIsoOrNull(dateLike(row[column]));
}
