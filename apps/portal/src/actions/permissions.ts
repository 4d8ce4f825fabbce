import type { Role } from '../api/types';

/** What a user can do in the portal; the server enforces the same rules on every procedure. */
export type Capability = 'read' | 'act' | 'configure';

const required: Readonly<Record<Capability, Role>> = {
  read: 'viewer',
  act: 'operator',
  configure: 'admin',
};

const rank: Readonly<Record<Role, number>> = { viewer: 0, operator: 1, admin: 2 };

const purpose: Readonly<Record<Capability, string>> = {
  read: 'read sync data',
  act: 'act on records and jobs',
  configure: 'change mappings',
};

export interface Permission {
  allowed: boolean;
  /** Why the action is disabled, in words shown as a tooltip; null when allowed. */
  reason: string | null;
}

export function permission(role: Role | null, capability: Capability): Permission {
  if (!role) return { allowed: false, reason: 'Log in first' };
  const needed = required[capability];
  if (rank[role] >= rank[needed]) return { allowed: true, reason: null };
  return {
    allowed: false,
    reason: `Only the ${needed} role${needed === 'admin' ? '' : ' or higher'} may ${purpose[capability]}; you are a ${role}.`,
  };
}
