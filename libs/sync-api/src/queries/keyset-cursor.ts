import { InvalidInputError } from '../errors/domain-errors';

/** Position after the last row of a page: the sort column's value and the row id (tie-breaker). */
export interface KeysetPosition {
  value: string | number | null;
  id: string;
}

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.value, position.id])).toString('base64url');
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
    // fall through to the typed error
  }
  throw new InvalidInputError(
    'cursor',
    'not a cursor returned by this list; start again without one',
  );
}
