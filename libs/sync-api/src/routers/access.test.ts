import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../testing/test-context';
import { appRouter } from './_app';

type Caller = ReturnType<TestApi['callerAs']>;
type ProcedureDef = { _def: { type: 'query' | 'mutation' | 'subscription' } };

const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, ProcedureDef>,
).map(([path, procedure]) => ({ path, type: procedure._def.type }));

/** Public on purpose: logging in and asking "am I logged in?". */
const publicPaths = new Set(['auth.login', 'auth.me']);
/** Mutations any logged-in user may call. */
const viewerMutations = new Set(['auth.logout']);
const adminOnly = new Set(['mappings.update', 'mappings.pause', 'mappings.resume']);

async function call(caller: Caller, path: string): Promise<unknown> {
  let target: unknown = caller;
  for (const part of path.split('.')) target = (target as Record<string, unknown>)[part];
  const result = await (target as (input: unknown) => Promise<unknown>)(undefined);
  return result;
}

async function codeOf(caller: Caller, path: string): Promise<string | null> {
  try {
    await call(caller, path);
    return null;
  } catch (error) {
    return error instanceof TRPCError ? error.code : 'NOT_A_TRPC_ERROR';
  }
}

describe('access control over every procedure', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
  });
  afterAll(() => api.close());

  it('finds the procedures of every area', () => {
    const areas = new Set(procedures.map((p) => p.path.split('.')[0]));
    expect([...areas].sort()).toEqual(
      [
        'actions',
        'audit',
        'auth',
        'couplings',
        'diagnostics',
        'errors',
        'jobs',
        'live',
        'mappings',
        'records',
      ].sort(),
    );
  });

  it('guards every procedure but login and me, so a new procedure without a role check fails here', async () => {
    expect(procedures.length).toBeGreaterThan(25);
    for (const { path } of procedures.filter((p) => !publicPaths.has(p.path))) {
      expect(await codeOf(api.callerAs(null), path), path).toBe('UNAUTHORIZED');
    }
  });

  it('refuses a viewer every action and admin mutation', async () => {
    const mutations = procedures.filter(
      (p) => p.type === 'mutation' && !publicPaths.has(p.path) && !viewerMutations.has(p.path),
    );
    expect(mutations.length).toBeGreaterThan(8);
    for (const { path } of mutations) {
      expect(await codeOf(api.callerAs('viewer'), path), path).toBe('FORBIDDEN');
    }
  });

  it('refuses an operator the admin-only procedures', async () => {
    for (const path of adminOnly) {
      expect(await codeOf(api.callerAs('operator'), path), path).toBe('FORBIDDEN');
    }
  });

  it('lets a viewer past the role check of every read (refusing only bad input)', async () => {
    for (const { path } of procedures.filter(
      (p) => p.type !== 'mutation' && !publicPaths.has(p.path),
    )) {
      const code = await codeOf(api.callerAs('viewer'), path);
      expect(['UNAUTHORIZED', 'FORBIDDEN'], path).not.toContain(code);
    }
  });

  it('refuses a mutation whose CSRF header does not match the session', async () => {
    const caller = api.callerAs('operator', { csrf: 'wrong' });
    await expect(
      caller.actions.retry({ target: { by: 'errors', errorIds: ['e-1'] } }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/x-twinsync-csrf/),
    });
    const noHeader = api.callerAs('operator', { csrf: null });
    await expect(noHeader.jobs.start({ mappingId: 'm' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(api.engine.started).toEqual([]);
  });
});
