import bcrypt from 'bcryptjs';

export async function hashPassword(password: string, rounds: number): Promise<string> {
  return bcrypt.hash(password, rounds);
}

/**
 * Compares in constant time per hash; when the user does not exist a fixed dummy hash is
 * compared instead so that response time does not reveal which usernames exist.
 */
export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  const ok = await bcrypt.compare(password, hash ?? dummyHash);
  return hash !== null && ok;
}

// bcrypt hash of a random string nobody knows (cost 10).
const dummyHash = '$2b$10$CwTycUXWue0Thq9StjUM0uJ8.8fQ1wZsE3oq1w2wbyP7bKYq1/0iK';
