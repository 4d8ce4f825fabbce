import { http, type HttpHandler } from 'msw';
import type { FetchHandler } from './fetch-handler';

/**
 * msw 2 handlers that send every request under `baseUrl`'s origin to the same fetch-style
 * handler express serves. A dropped connection (`Response.error()`) reaches the client as a
 * network error, as `HttpResponse.error()` does.
 */
export function toMswHandlers(handler: FetchHandler, baseUrl: string): HttpHandler[] {
  const origin = new URL(baseUrl).origin;
  // A RegExp, not a `/*` path: msw would decode path parameters and fail on a malformed
  // percent-escape before the handler could answer it with an OData 400.
  const under = new RegExp(`^${origin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/`);
  return [http.all(under, async ({ request }) => handler(request))];
}
