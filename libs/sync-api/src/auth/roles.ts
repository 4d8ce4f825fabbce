export const roles = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof roles)[number];

const rank: Readonly<Record<Role, number>> = { viewer: 0, operator: 1, admin: 2 };

/** viewer reads; operator also acts on records and jobs; admin also changes mappings and users. */
export function roleAllows(actual: Role, required: Role): boolean {
  return rank[actual] >= rank[required];
}

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}
