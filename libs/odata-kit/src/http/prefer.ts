/**
 * The `Prefer` header (RFC 7240) as OData clients send it: several preferences, comma-separated,
 * possibly in several headers (`odata.maxpagesize=2,odata.track-changes`).
 */
export interface Preferences {
  /** `odata.maxpagesize=N` (also the older `odata.maxpagesize` spelling with quotes). */
  maxPageSize: number | undefined;
  /** `return=representation` */
  returnRepresentation: boolean;
  /** `return=minimal` */
  returnMinimal: boolean;
  /** `odata.track-changes` (or `track-changes`) */
  trackChanges: boolean;
  /** `odata.continue-on-error` (or `continue-on-error`) */
  continueOnError: boolean;
  /** `odata.include-annotations="..."` */
  includeAnnotations: string | undefined;
  /** Every preference by lower-cased name: its value, or `true` when it has none. */
  all: ReadonlyMap<string, string | true>;
}

export function parsePrefer(header: string | null | undefined): Preferences {
  const all = new Map<string, string | true>();
  for (const raw of (header ?? '').split(',')) {
    const part = raw.split(';')[0]?.trim() ?? '';
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    const value =
      eq < 0
        ? true
        : part
            .slice(eq + 1)
            .trim()
            .replace(/^"(.*)"$/, '$1');
    if (!all.has(name)) all.set(name, value);
  }
  const size = all.get('odata.maxpagesize') ?? all.get('maxpagesize');
  const pageSize = typeof size === 'string' && /^\d+$/.test(size) ? Number(size) : undefined;
  const ret = all.get('return');
  const annotations = all.get('odata.include-annotations');
  return {
    maxPageSize: pageSize !== undefined && Number.isSafeInteger(pageSize) ? pageSize : undefined,
    returnRepresentation: ret === 'representation',
    returnMinimal: ret === 'minimal',
    trackChanges: all.has('odata.track-changes') || all.has('track-changes'),
    continueOnError:
      (all.has('odata.continue-on-error') && all.get('odata.continue-on-error') !== 'false') ||
      (all.has('continue-on-error') && all.get('continue-on-error') !== 'false'),
    includeAnnotations: typeof annotations === 'string' ? annotations : undefined,
    all,
  };
}
