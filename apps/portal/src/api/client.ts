import {
  createTRPCClient,
  httpBatchLink,
  httpBatchStreamLink,
  httpSubscriptionLink,
  splitLink,
  type TRPCClient,
  type TRPCLink,
} from '@trpc/client';
import type { AppRouter } from '@twinsync/sync-api';

export type ApiClient = TRPCClient<AppRouter>;

export const csrfHeaderName = 'x-twinsync-csrf';

/**
 * Before login there is no session token; the server accepts any non-empty header value on
 * `auth.login` (a cross-site form cannot set a custom header at all).
 */
const anonymousCsrf = 'login';

export interface ApiClientOptions {
  /** Where tRPC is mounted, e.g. `/trpc` (same origin as the portal). */
  url: string;
  /** The session's CSRF token (from login / me), or null before login. */
  csrfToken: () => string | null;
  /** For tests: replaces the HTTP links entirely. */
  link?: TRPCLink<AppRouter>;
}

/**
 * Queries go through a streamed batch link, mutations through a plain batch link (cookies
 * included); subscriptions go over Server-Sent Events. Every request carries the CSRF header.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  if (options.link) return createTRPCClient<AppRouter>({ links: [options.link] });
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url: options.url,
          eventSourceOptions: { withCredentials: true },
        }),
        false: splitLink({
          condition: (op) => op.type === 'query',
          // Queries stream: each answer arrives when it is ready, so one slow count never holds
          // back the rows of the same batch.
          true: httpBatchStreamLink({
            url: options.url,
            maxURLLength: 4000,
            headers: () => ({ [csrfHeaderName]: options.csrfToken() ?? anonymousCsrf }),
            fetch: (url, init) => fetch(url, { ...(init as RequestInit), credentials: 'include' }),
          }),
          // Mutations may set the session cookie, which a streamed response cannot carry.
          false: httpBatchLink({
            url: options.url,
            maxURLLength: 4000,
            headers: () => ({ [csrfHeaderName]: options.csrfToken() ?? anonymousCsrf }),
            fetch: (url, init) => fetch(url, { ...(init as RequestInit), credentials: 'include' }),
          }),
        }),
      }),
    ],
  });
}
