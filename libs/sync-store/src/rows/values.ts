/** Conversions between database values (which differ between SQLite and PostgreSQL) and domain values. */

export type Row = Record<string, unknown>;

/** SQLite returns 0/1 for booleans, PostgreSQL true/false. */
export function toBool(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 't' || value === 'true';
}

/** PostgreSQL returns counts and bigints as strings. */
export function toNum(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' || typeof value === 'bigint') return Number(value);
  return 0;
}

export function toNumOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : toNum(value);
}

export function toStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  return '';
}

export function toStrOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : toStr(value);
}

/** JSON is stored as text in both databases so both return the same shapes. */
export function fromJson<T = unknown>(value: unknown): T | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string') return value as T;
  return JSON.parse(value) as T;
}

export function toJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/** Removes keys whose value is undefined (an update must not touch columns the caller left out). */
export function definedOnly(row: Row): Row {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined));
}

/** Knex types query results per builder; rows are read through the explicit mappers instead. */
export function asRows(value: unknown): Row[] {
  return Array.isArray(value) ? (value as Row[]) : [];
}
