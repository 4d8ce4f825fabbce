export type FetchFn = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * BC's subscription handshake: POST `notificationUrl?validationToken=<token>`; the receiver must
 * answer 200 with the token as the body. Returns a reason string when it fails.
 */
export async function validateNotificationUrl(
  fetchFn: FetchFn,
  notificationUrl: string,
  token: string,
  timeoutMs: number,
): Promise<string | undefined> {
  let url: URL;
  try {
    url = new URL(notificationUrl);
  } catch {
    return `'${notificationUrl}' is not an absolute URL`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `'${notificationUrl}' is not an http(s) URL`;
  url.searchParams.set('validationToken', token);
  try {
    const response = await fetchFn(url, { method: 'POST', signal: AbortSignal.timeout(timeoutMs) });
    const text = (await response.text()).trim();
    if (response.status !== 200) return `the notification URL answered ${response.status}`;
    if (text !== token && text !== JSON.stringify(token))
      return 'the notification URL did not echo the validationToken';
    return undefined;
  } catch (err) {
    return `the notification URL could not be reached (${err instanceof Error ? err.message : String(err)})`;
  }
}
