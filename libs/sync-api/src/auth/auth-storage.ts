import type { Role } from './roles';

export interface StoredUser {
  id: string;
  username: string;
  role: Role;
  passwordHash: string;
}

export interface StoredSession {
  /** `sessionKey(sessionId)`, never the raw id. */
  key: string;
  userId: string;
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
}

/** The persistence auth needs; implemented over the sync-store in `queries/auth-storage.ts`. */
export interface AuthStorage {
  countUsers(): Promise<number>;
  createUser(user: {
    username: string;
    role: Role;
    passwordHash: string;
    createdAt: Date;
  }): Promise<void>;
  findUserByUsername(username: string): Promise<StoredUser | null>;
  findUserById(id: string): Promise<StoredUser | null>;
  countFailedLogins(username: string, ip: string, since: Date): Promise<number>;
  recordLogin(attempt: {
    username: string;
    ip: string;
    succeeded: boolean;
    at: Date;
  }): Promise<void>;
  createSession(session: StoredSession): Promise<void>;
  findSession(key: string): Promise<StoredSession | null>;
  deleteSession(key: string): Promise<void>;
}
