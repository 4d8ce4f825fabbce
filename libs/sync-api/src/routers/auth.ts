import { z } from 'zod';
import { login, logout } from '../auth/auth-service';
import type { ActiveSession } from '../context';
import { authStorageOf } from '../queries/auth-storage';
import { publicProcedure, router, viewerProcedure } from '../trpc';

export interface Me {
  username: string;
  role: ActiveSession['user']['role'];
  /** Send this in the `x-twinsync-csrf` header of every mutation. */
  csrfToken: string;
  expiresAt: string;
}

function toMe(session: ActiveSession): Me {
  return {
    username: session.user.username,
    role: session.user.role,
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt.toISOString(),
  };
}

export const authRouter = router({
  /** Starts a session (HTTP-only cookie). Needs any non-empty `x-twinsync-csrf` header. */
  login: publicProcedure
    .input(
      z.object({
        username: z
          .string({ error: 'username is required' })
          .trim()
          .min(1, 'username is required')
          .max(100),
        password: z
          .string({ error: 'password is required' })
          .min(1, 'password is required')
          .max(200),
      }),
    )
    .mutation(async ({ ctx, input }): Promise<Me> => {
      const { session } = await login(
        ctx.deps,
        authStorageOf(ctx.deps.store),
        { username: input.username, password: input.password, ip: ctx.clientIp },
        ctx.cookies,
      );
      return toMe(session);
    }),

  logout: viewerProcedure.input(z.object({}).optional()).mutation(async ({ ctx }) => {
    await logout(authStorageOf(ctx.deps.store), ctx.session, ctx.cookies);
    return { loggedOut: true as const };
  }),

  /** The logged-in user and the CSRF token, or null when not logged in. */
  me: publicProcedure
    .input(z.object({}).optional())
    .query(({ ctx }): Me | null => (ctx.session ? toMe(ctx.session) : null)),
});
