import { BadRequestError } from '../errors/odata-errors';

/** What a server-driven paging token carries: where the last page ended and what is left. */
export interface SkipTokenState {
  /** Order-key values of the last row served (null allowed). */
  after: (string | number | null)[];
  /** How many of `$top` are still to be served; undefined without `$top`. */
  left: number | undefined;
  /** Fingerprint of the query the token belongs to. */
  query: string;
}

export function encodeSkipToken(state: SkipTokenState): string {
  return Buffer.from(
    JSON.stringify([state.after, state.left ?? null, state.query]),
    'utf8',
  ).toString('base64url');
}

const scalar = (v: unknown) =>
  v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

/**
 * Decodes and checks a token against the query it is used with (same order keys, same filter):
 * a forged or foreign token → 400 'InvalidSkipToken', never odd values in SQL.
 */
export function decodeSkipToken(raw: string, keyCount: number, query: string): SkipTokenState {
  const invalid = () =>
    new BadRequestError(
      `The $skiptoken '${raw.slice(0, 100)}' is not valid for this query.`,
      'InvalidSkipToken',
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw invalid();
  const [after, left, q] = parsed as [unknown, unknown, unknown];
  if (!Array.isArray(after) || after.length !== keyCount || !after.every(scalar)) throw invalid();
  if (left !== null && !(typeof left === 'number' && Number.isSafeInteger(left) && left >= 0))
    throw invalid();
  if (q !== query) throw invalid();
  return { after: after as (string | number | null)[], left: left ?? undefined, query };
}

/** A short stable fingerprint of the parts of a query a token depends on. */
export function queryFingerprint(parts: readonly unknown[]): string {
  const text = JSON.stringify(parts);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}
