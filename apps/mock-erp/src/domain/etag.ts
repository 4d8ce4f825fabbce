/**
 * BC etags are weak and opaque, e.g. W/"JzIwOzE3NjQ4NDg4NzcxMjM0NTY3ODkwMTswMDsn". The mock encodes
 * the record's row version the same way, so a new version always yields a new etag.
 */
export function etagFor(version: number): string {
  const inner = `'20;${String(version).padStart(20, '0')};00;'`;
  return `W/"${Buffer.from(inner, 'utf8').toString('base64')}"`;
}

export type IfMatch = { kind: 'any' } | { kind: 'etags'; etags: string[] };

/** Parses an If-Match header: `*` or a comma-separated list of (weak) etags. */
export function parseIfMatch(header: string | null): IfMatch | undefined {
  if (header === null || header.trim() === '') return undefined;
  if (header.trim() === '*') return { kind: 'any' };
  const etags = header
    .split(/,(?=\s*(?:W\/)?")/)
    .map((e) => e.trim())
    .filter((e) => e !== '');
  return { kind: 'etags', etags };
}

export function ifMatchSatisfied(ifMatch: IfMatch, version: number): boolean {
  if (ifMatch.kind === 'any') return true;
  const current = etagFor(version);
  const strip = (e: string) => e.replace(/^W\//, '');
  return ifMatch.etags.some((e) => strip(e) === strip(current));
}
