import { createHash } from 'node:crypto';

/**
 * Sessions are stored under the SHA-256 of their id, so a copy of the database does not
 * contain usable session cookies.
 */
export function sessionKey(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('base64url');
}
