import { createTRPCClient, httpLink, type TRPCClient } from '@trpc/client';
import type { AppRouter } from '@twinsync/sync-api';

/** A tRPC client that keeps the session cookie like a browser and sends the CSRF token. */
export function signedInClient(url: string) {
  const session: { cookie?: string; csrf?: string } = { csrf: 'login' };
  const client: TRPCClient<AppRouter> = createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${url}/trpc`,
        headers: () => ({
          ...(session.csrf ? { 'x-twinsync-csrf': session.csrf } : {}),
          ...(session.cookie ? { cookie: session.cookie } : {}),
        }),
        fetch: async (input, init) => {
          const response = await fetch(String(input), init as RequestInit);
          const setCookie = response.headers.get('set-cookie');
          if (setCookie) session.cookie = setCookie.split(';')[0] ?? '';
          return response;
        },
      }),
    ],
  });
  return {
    client,
    cookie: () => session.cookie ?? '',
    async login(username: string, password: string) {
      const me = await client.auth.login.mutate({ username, password });
      session.csrf = me.csrfToken;
      return me;
    },
  };
}
