import type { ApiLogger } from '../context';
import type { AuthStorage } from './auth-storage';
import { hashPassword } from './passwords';
import type { Role } from './roles';

/** The demo users, documented in the README. Created only in an empty users table. */
export const demoUsers: ReadonlyArray<{ username: string; password: string; role: Role }> = [
  { username: 'admin', password: 'admin-demo-pass', role: 'admin' },
  { username: 'operator', password: 'operator-demo-pass', role: 'operator' },
  { username: 'viewer', password: 'viewer-demo-pass', role: 'viewer' },
];

export async function seedDemoUsers(
  storage: AuthStorage,
  options: { clock: () => Date; logger: ApiLogger; bcryptRounds: number },
): Promise<number> {
  if ((await storage.countUsers()) > 0) return 0;
  for (const user of demoUsers) {
    await storage.createUser({
      username: user.username,
      role: user.role,
      passwordHash: await hashPassword(user.password, options.bcryptRounds),
      createdAt: options.clock(),
    });
  }
  options.logger.info({ users: demoUsers.map((u) => u.username) }, 'seeded demo users');
  return demoUsers.length;
}
