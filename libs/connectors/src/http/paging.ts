/**
 * Follows next links page by page. While the caller works on one page the next one is already
 * being fetched, so at most two pages are in memory and the network never idles.
 */
export async function* followPages<P>(
  firstUrl: string,
  fetchPage: (url: string) => Promise<{ page: P; next: string | undefined }>,
): AsyncGenerator<P, void, undefined> {
  let pending: Promise<{ page: P; next: string | undefined }> | undefined = fetchPage(firstUrl);
  try {
    while (pending) {
      const current: { page: P; next: string | undefined } = await pending;
      pending = current.next === undefined ? undefined : fetchPage(current.next);
      // A prefetch the caller never consumes (it stopped early) must not become an unhandled rejection.
      pending?.catch(() => undefined);
      yield current.page;
    }
  } finally {
    pending = undefined;
  }
}

/** Builds `?$select=a,b&$filter=...` with values percent-encoded (spaces as %20, never `+`). */
export function odataQuery(params: Record<string, string | number | undefined>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === '') continue;
    parts.push(`${key}=${encodeURIComponent(String(value))}`);
  }
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

/** Resolves a next/delta link that a server may send absolute or relative to the service root. */
export function resolveLink(link: string, baseUrl: string): string {
  if (/^https?:\/\//i.test(link)) return link;
  return `${baseUrl.replace(/\/+$/, '')}/${link.replace(/^\/+/, '')}`;
}

/** `'abc'` with single quotes doubled, for OData string literals. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
