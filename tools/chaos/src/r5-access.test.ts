import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  demoPasswords,
  issuedSecrets,
  login,
  startApiServer,
  type ApiServer,
} from './harness/api-server';
import { listProcedures } from './procedures';
import {
  checkAudit,
  checkBruteForce,
  checkCsrf,
  checkLogout,
  checkRoles,
  secretsInLogs,
} from './r5-access';

describe('R5: access to the tRPC API over HTTP', () => {
  let server: ApiServer;
  const secrets: string[] = [...Object.values(demoPasswords)];
  beforeAll(async () => {
    server = await startApiServer();
  });
  afterAll(() => server.close());

  it('reads the procedures from the router, covering every area', () => {
    const areas = new Set(listProcedures().map((p) => p.path.split('.')[0]));
    expect(areas.size).toBeGreaterThanOrEqual(10);
    expect(listProcedures().filter((p) => p.access === 'admin').length).toBeGreaterThanOrEqual(3);
  });

  it('refuses anonymous and wrong-role callers on every procedure, and lets the right roles through', async () => {
    const result = await checkRoles(server);
    expect(result.checks).toBeGreaterThanOrEqual(listProcedures().length * 4 - 8);
    expect(result.failures).toEqual([]);
  });

  it('refuses every mutation without the session CSRF token, from another origin or as GET, changing nothing', async () => {
    const result = await checkCsrf(server);
    expect(result.attempts).toBeGreaterThanOrEqual(5 * 12);
    expect(result.failures).toEqual([]);
    expect(result.unchanged).toBe(true);
  });

  it('writes one audit entry naming the admin for every admin action', async () => {
    const result = await checkAudit(server);
    expect(result.missingInput).toEqual([]);
    expect(result.actions).toBeGreaterThanOrEqual(12);
    expect(result.failures).toEqual([]);
  });

  it('ends a session on logout, which needs the session and its CSRF token', async () => {
    const result = await checkLogout(server);
    expect(result).toEqual({
      anonymous: 'UNAUTHORIZED',
      noCsrf: 'FORBIDDEN',
      ok: 'OK',
      afterLogout: 'UNAUTHORIZED',
    });
  });

  it('rate-limits a password guesser, even when the right password finally comes', async () => {
    const result = await checkBruteForce(server, 12);
    expect(result.statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(result.firstLimited).toBe(5);
    expect(result.statuses.slice(5).every((s) => s === 429)).toBe(true);
    expect(result.rightPasswordAfterLimit).toBe(429);
    expect(result.otherUserOk).toBe(true);
    for (let i = 0; i < 12; i++) secrets.push(`guess-${i}-wrong`);
  });

  it('never writes passwords, session ids, CSRF tokens or password hashes to the log', async () => {
    await login(server.url, 'admin', demoPasswords.admin);
    expect(issuedSecrets.length).toBeGreaterThanOrEqual(2 * 8);
    const result = await secretsInLogs(server, [...secrets, ...issuedSecrets]);
    expect(result.lines).toBeGreaterThan(20);
    expect(server.logLines.join('\n')).toContain('logged in');
    expect(result.leaks).toEqual([]);
  });
});
