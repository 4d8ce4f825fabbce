/** Weak ETags over a row version, as both services send them: `W/"123"`. */
export function weakEtag(version: number | string): string {
  return `W/"${String(version)}"`;
}

/** `*`, or the opaque values of an `If-Match` / `If-None-Match` list (weak prefix dropped). */
export function parseEtagHeader(header: string | null): '*' | string[] | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (text === '') return undefined;
  if (text === '*') return '*';
  const values: string[] = [];
  const re = /\s*(?:W\/)?"([^"]*)"\s*(?:,|$)|\s*([^,\s]+)\s*(?:,|$)/gy;
  let m: RegExpExecArray | null;
  while (re.lastIndex < text.length && (m = re.exec(text)) !== null) {
    values.push(m[1] ?? m[2] ?? '');
    if (m[0] === '') break;
  }
  return values;
}

/** The version inside a weak ETag `W/"123"` → '123'. */
export function etagValue(etag: string): string {
  return /^(?:W\/)?"(.*)"$/.exec(etag.trim())?.[1] ?? etag.trim();
}

export type PreconditionOutcome =
  | { kind: 'proceed' }
  /** `If-Match` given but the record does not exist. */
  | { kind: 'missing' }
  /** `If-Match` with versions that do not include the current one. */
  | { kind: 'mismatch' }
  /** `If-None-Match` matched: `*` and the record exists, or the current version listed. */
  | { kind: 'exists' };

/**
 * Evaluates `If-Match` / `If-None-Match` of a write against the record's current version
 * (`undefined` when the record does not exist). Services map the outcome to their errors.
 */
export function evaluatePreconditions(
  headers: Headers,
  currentVersion: string | undefined,
): PreconditionOutcome {
  const ifMatch = parseEtagHeader(headers.get('if-match'));
  const ifNoneMatch = parseEtagHeader(headers.get('if-none-match'));
  if (ifMatch !== undefined) {
    if (currentVersion === undefined) return { kind: 'missing' };
    if (ifMatch !== '*' && !ifMatch.includes(currentVersion)) return { kind: 'mismatch' };
  }
  if (ifNoneMatch !== undefined && currentVersion !== undefined) {
    if (ifNoneMatch === '*' || ifNoneMatch.includes(currentVersion)) return { kind: 'exists' };
  }
  return { kind: 'proceed' };
}
