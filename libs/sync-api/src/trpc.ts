import { initTRPC } from '@trpc/server';
import { roleAllows, type Role } from './auth/roles';
import type { ActiveSession, ApiContext } from './context';
import {
  AuthenticationError,
  CsrfError,
  InvalidInputError,
  PermissionDeniedError,
} from './errors/domain-errors';
import { formatInputIssues, isZodError, type FieldIssues } from './errors/format-input-issues';
import { toTrpcError } from './errors/to-trpc-error';

export interface ApiErrorData {
  /** Per-field messages when the input was rejected; null otherwise. */
  inputIssues: FieldIssues | null;
}

const t = initTRPC.context<ApiContext>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    let inputIssues: FieldIssues | null = null;
    let message = shape.message;
    if (error.code === 'BAD_REQUEST' && isZodError(cause)) {
      inputIssues = formatInputIssues(cause);
      const all = [...inputIssues.formErrors, ...Object.values(inputIssues.fieldErrors).flat()];
      message = `Invalid input: ${all.join('; ')}`;
    } else if (cause instanceof InvalidInputError) {
      inputIssues = { fieldErrors: { [cause.field]: [cause.message] }, formErrors: [] };
    } else if (error.code === 'INTERNAL_SERVER_ERROR') {
      message = 'Internal server error';
    }
    const { stack: _stack, ...data } = shape.data;
    const errorData: typeof data & ApiErrorData = { ...data, inputIssues };
    return { ...shape, message, data: errorData };
  },
  sse: {
    ping: { enabled: true, intervalMs: 15_000 },
    client: { reconnectAfterInactivityMs: 20_000 },
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Maps domain errors thrown anywhere below to their tRPC code — the one place this happens. */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const mapped = toTrpcError(result.error.cause ?? result.error);
    if (mapped && mapped !== result.error) throw mapped;
  }
  return result;
});

/**
 * Mutations must carry the custom CSRF header: a cross-site form or image cannot set it, and a
 * cross-site fetch that sets it needs a CORS preflight we never grant. With a session the header
 * must equal the session's token; before login (auth.login) any non-empty value is accepted.
 */
const requireCsrfOnMutations = t.middleware(({ ctx, type, next }) => {
  if (type === 'mutation') {
    const header = ctx.csrfHeader;
    const ok = ctx.session ? header === ctx.session.csrfToken : Boolean(header);
    if (!ok) throw new CsrfError();
  }
  return next();
});

const base = t.procedure.use(mapDomainErrors).use(requireCsrfOnMutations);

export const publicProcedure = base;

function requireRole(required: Role) {
  return t.middleware(({ ctx, next }) => {
    const session = ctx.session;
    if (!session) throw new AuthenticationError('Log in first');
    if (!roleAllows(session.user.role, required)) {
      throw new PermissionDeniedError(
        `This needs the ${required} role; ${session.user.username} is ${session.user.role}`,
      );
    }
    return next({ ctx: { ...ctx, session: session satisfies ActiveSession } });
  });
}

/** Read access: any logged-in user. */
export const viewerProcedure = base.use(requireRole('viewer'));
/** Acts on records and jobs. */
export const operatorProcedure = base.use(requireRole('operator'));
/** Changes mappings and users. */
export const adminProcedure = base.use(requireRole('admin'));
