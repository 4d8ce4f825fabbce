import { appRouter } from '@twinsync/sync-api';

export type ProcedureType = 'query' | 'mutation' | 'subscription';
export type Access = 'public' | 'viewer' | 'operator' | 'admin';

export interface ProcedureInfo {
  path: string;
  type: ProcedureType;
  /** Who may call it, by the product's rules (../shared/docs/product.md, R5). */
  access: Access;
}

/** Public on purpose: logging in, and asking "am I logged in?". */
const publicPaths = new Set(['auth.login', 'auth.me']);
/** Mutations every logged-in user may call. */
const viewerMutations = new Set(['auth.logout']);
/** Admin: changes to mappings and users, and whatever an `admin` area holds. */
const isAdminPath = (path: string) =>
  /^(mappings|users|admin)\./.test(path) && !/\.(list|get)$/.test(path);

/**
 * Every procedure of the tRPC router, read from the router itself so a new one is covered the day
 * it is added. The expected access follows from the path and type; the access tests prove the
 * server enforces exactly that.
 */
export function listProcedures(): ProcedureInfo[] {
  const defs = appRouter._def.procedures as unknown as Record<
    string,
    { _def: { type: ProcedureType } }
  >;
  return Object.entries(defs)
    .map(([path, procedure]) => {
      const type = procedure._def.type;
      let access: Access;
      if (publicPaths.has(path)) access = 'public';
      else if (type !== 'mutation' || viewerMutations.has(path)) access = 'viewer';
      else if (isAdminPath(path)) access = 'admin';
      else access = 'operator';
      return { path, type, access };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}
