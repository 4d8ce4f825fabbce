import { InvalidCursorError } from '../store-errors';

/** A keyset position: the sort value of the last row of a page and its id (the tie breaker). */
export interface KeysetPosition {
  value: string | number | null;
  id: string;
}

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

export interface PageRequest {
  limit: number;
  cursor?: string | null | undefined;
}

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.value, position.id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): KeysetPosition {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      (typeof parsed[0] === 'string' || typeof parsed[0] === 'number' || parsed[0] === null) &&
      typeof parsed[1] === 'string'
    ) {
      return { value: parsed[0] as string | number | null, id: parsed[1] };
    }
  } catch {
    // falls through to the typed error below
  }
  throw new InvalidCursorError(cursor);
}

/** Cuts a fetched `limit + 1` rows into a page and the cursor of its last row. */
export function toPage<R, T>(
  rows: readonly R[],
  limit: number,
  map: (row: R) => T,
  positionOf: (row: R) => KeysetPosition,
): Page<T> {
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(map),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(positionOf(last)) : null,
  };
}

export function clampLimit(limit: number, max = 1000): number {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`limit must be a positive integer, got ${limit}`);
  return Math.min(limit, max);
}
