import { tables } from '@twinsync/sync-store';
import { demoPasswords, login, type ApiServer, type Session } from './harness/api-server';
import { sendRaw, type RawReply } from './http';
import { listProcedures, type Access, type ProcedureInfo } from './procedures';
import { storeSnapshot } from './r4-fuzz';

type Role = 'viewer' | 'operator' | 'admin';
const roles: readonly Role[] = ['viewer', 'operator', 'admin'];
const rank: Record<Access, number> = { public: -1, viewer: 0, operator: 1, admin: 2 };

/** The tRPC error code of a reply (`UNAUTHORIZED`, `FORBIDDEN`, …), `OK`, or `HTTP <status>`. */
export function codeOf(reply: RawReply): string {
  if (reply.status === 'dropped') return 'DROPPED';
  try {
    const body = JSON.parse(reply.text) as { error?: { data?: { code?: string } } } | unknown[];
    const first = (Array.isArray(body) ? body[0] : body) as
      { error?: { data?: { code?: string } } } | undefined;
    if (first?.error?.data?.code) return first.error.data.code;
  } catch {
    // not JSON
  }
  return reply.status < 300 ? 'OK' : `HTTP ${reply.status}`;
}

/** Reads the first event of a tRPC SSE stream (or the error answer), then closes it. */
async function callSubscription(url: string, path: string, headers: Record<string, string>) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 5000);
  try {
    const response = await fetch(`${url}/trpc/${path}`, {
      headers: { ...headers, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    if (!(response.headers.get('content-type') ?? '').includes('text/event-stream')) {
      return { status: response.status, text: await response.text() } as RawReply;
    }
    const reader = response.body!.getReader();
    let text = '';
    for (let i = 0; i < 20 && !/\n\n/.test(text); i++) {
      const chunk = (await reader.read()) as { done: boolean; value?: Uint8Array };
      if (chunk.done) break;
      text += new TextDecoder().decode(chunk.value);
    }
    controller.abort();
    // An error event (event: serialized-error) carries the code in its data.
    const errorEvent = /event: serialized-error\ndata: (.*)/.exec(text);
    if (errorEvent?.[1])
      return { status: 200, text: JSON.stringify({ error: JSON.parse(errorEvent[1]) as unknown }) };
    return { status: response.status, text: '' } as RawReply;
  } catch (error) {
    return { status: 'dropped', text: String(error) } as RawReply;
  } finally {
    clearTimeout(timer);
  }
}

/** Rows of a knex query, typed by the caller (knex answers `any`). */
async function rows<T>(query: PromiseLike<unknown>): Promise<T> {
  const result: unknown = await query;
  return result as T;
}

/** Calls a procedure over HTTP the way the portal's tRPC client does. */
export function callProcedure(
  url: string,
  p: Pick<ProcedureInfo, 'path' | 'type'>,
  input: unknown,
  headers: Record<string, string>,
): Promise<RawReply> {
  if (p.type === 'subscription') return callSubscription(url, p.path, headers);
  if (p.type === 'query') {
    const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    return sendRaw(url, { method: 'GET', path: `/trpc/${p.path}${query}`, headers });
  }
  return sendRaw(url, {
    method: 'POST',
    path: `/trpc/${p.path}`,
    headers: { ...headers, 'content-type': 'application/json' },
    ...(input === undefined ? {} : { body: JSON.stringify(input) }),
  });
}

export const sessionHeaders = (s: Session) => ({ cookie: s.cookie, 'x-twinsync-csrf': s.csrf });

export interface AccessCheck {
  path: string;
  who: string;
  expected: string;
  got: string;
}

/**
 * Every procedure × {anonymous, viewer, operator, admin}: callers below the procedure's access get
 * UNAUTHORIZED (anonymous) or FORBIDDEN (wrong role); callers at or above it get past the check.
 * Inputs are empty, so allowed mutations stop at input validation and change nothing.
 */
export async function checkRoles(
  server: ApiServer,
): Promise<{ checks: number; failures: AccessCheck[] }> {
  const sessions = Object.fromEntries(
    await Promise.all(
      roles.map(async (r) => [r, await login(server.url, r, demoPasswords[r])] as const),
    ),
  ) as Record<Role, Session>;
  const failures: AccessCheck[] = [];
  let checks = 0;
  for (const p of listProcedures()) {
    if (p.path === 'auth.logout' || p.path === 'auth.login') continue; // see checkLogoutAndLogin
    const callers: [string, Record<string, string>, number][] = [
      ['anonymous', { 'x-twinsync-csrf': 'anything' }, -1],
      ...roles.map((r): [string, Record<string, string>, number] => [
        r,
        sessionHeaders(sessions[r]),
        rank[r],
      ]),
    ];
    for (const [who, headers, level] of callers) {
      const got = codeOf(await callProcedure(server.url, p, undefined, headers));
      const allowed = level >= rank[p.access];
      const expected = allowed
        ? 'not UNAUTHORIZED/FORBIDDEN'
        : who === 'anonymous'
          ? 'UNAUTHORIZED'
          : 'FORBIDDEN';
      const ok = allowed
        ? got !== 'UNAUTHORIZED' && got !== 'FORBIDDEN' && got !== 'DROPPED'
        : got === expected;
      checks += 1;
      if (!ok) failures.push({ path: p.path, who, expected, got });
    }
  }
  return { checks, failures };
}

/**
 * CSRF: every mutation as an admin session with no header, a wrong header, and the CSRF token of
 * another session (a cross-site page cannot read ours); a form post from another origin; a
 * mutation sent as GET. All refused, and the store unchanged.
 */
export async function checkCsrf(
  server: ApiServer,
): Promise<{ attempts: number; failures: AccessCheck[]; unchanged: boolean }> {
  const admin = await login(server.url, 'admin', demoPasswords.admin);
  const other = await login(server.url, 'operator', demoPasswords.operator);
  const validInputs = await validMutationInputs(server);
  const before = await storeSnapshot(server.store);
  const failures: AccessCheck[] = [];
  let attempts = 0;
  const mutations = listProcedures().filter((p) => p.type === 'mutation' && p.access !== 'public');
  for (const p of mutations) {
    const input = validInputs[p.path] ?? {};
    const attemptsFor: [string, RawReply][] = [
      ['no header', await callProcedure(server.url, p, input, { cookie: admin.cookie })],
      [
        'wrong header',
        await callProcedure(server.url, p, input, {
          cookie: admin.cookie,
          'x-twinsync-csrf': 'guess',
        }),
      ],
      [
        "another session's token",
        await callProcedure(server.url, p, input, {
          cookie: admin.cookie,
          'x-twinsync-csrf': other.csrf,
        }),
      ],
      [
        'cross-site form post',
        await sendRaw(server.url, {
          method: 'POST',
          path: `/trpc/${p.path}`,
          headers: {
            cookie: admin.cookie,
            origin: 'https://evil.example',
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({ input: JSON.stringify(input) }).toString(),
        }),
      ],
      [
        'mutation as GET',
        await sendRaw(server.url, {
          method: 'GET',
          path: `/trpc/${p.path}?input=${encodeURIComponent(JSON.stringify(input))}`,
          headers: sessionHeaders(admin),
        }),
      ],
    ];
    for (const [who, reply] of attemptsFor) {
      attempts += 1;
      const got = codeOf(reply);
      const refused = reply.status !== 'dropped' && reply.status >= 400 && reply.status < 500;
      if (!refused) failures.push({ path: p.path, who, expected: '4xx refusal', got });
    }
  }
  const after = await storeSnapshot(server.store);
  const unchanged = JSON.stringify(before) === JSON.stringify(after);
  return { attempts, failures, unchanged };
}

/** Valid inputs of every mutation except auth.*, built from the server's own data. */
export async function validMutationInputs(server: ApiServer): Promise<Record<string, unknown>> {
  const knex = server.store.knex;
  const error = await rows<{ id: string } | undefined>(knex(tables.errors).first('id'));
  const couplings = await rows<{ id: string }[]>(knex(tables.couplings).select('id').limit(6));
  const c = (i: number) => couplings[i]?.id ?? 'no-coupling';
  const job = await rows<{ id: string } | undefined>(knex(tables.jobs).first('id'));
  const erpId = server.erp.insert({ displayName: 'Loose ERP', number: 'LOOSE1' });
  const crmId = server.crm.insert({ name: 'Loose CRM', accountnumber: 'LOOSE2' });
  return {
    'actions.retry': { target: { by: 'errors', errorIds: [error?.id ?? 'no-error'] } },
    'actions.dismiss': { target: { by: 'errors', errorIds: [error?.id ?? 'no-error'] } },
    'actions.removeCoupling': { target: { by: 'couplings', couplingIds: [c(1)] } },
    'actions.synchronize': {
      target: { by: 'couplings', couplingIds: [c(2)] },
      choice: { winner: 'erp' },
    },
    'actions.restore': { target: { by: 'couplings', couplingIds: [c(3)] } },
    'actions.delete': { target: { by: 'couplings', couplingIds: [c(4)] } },
    'couplings.couple': { mappingId: 'customers', erpId, crmId },
    'jobs.start': { mappingId: 'customers', dryRun: true },
    'jobs.cancel': { id: job?.id ?? 'no-job' },
    'mappings.update': { id: 'customers', patch: { scheduleMinutes: 45 } },
    'mappings.pause': { id: 'customers', reason: 'chaos test' },
    'mappings.resume': { id: 'customers' },
  };
}

/**
 * Every admin action (each mutation outside auth.*), called with valid input by an admin, leaves
 * exactly one new audit entry naming the action and the admin.
 */
export async function checkAudit(
  server: ApiServer,
): Promise<{ actions: number; missingInput: string[]; failures: AccessCheck[] }> {
  const admin = await login(server.url, 'admin', demoPasswords.admin);
  const inputs = await validMutationInputs(server);
  const failures: AccessCheck[] = [];
  const mutations = listProcedures().filter(
    (p) => p.type === 'mutation' && !p.path.startsWith('auth.'),
  );
  const missingInput = mutations.map((p) => p.path).filter((path) => !(path in inputs));
  for (const p of mutations) {
    if (!(p.path in inputs)) continue;
    const count = async () =>
      Number(
        (
          await rows<{ n: number | string }>(
            server.store.knex(tables.audit).where({ actor: 'admin' }).count({ n: '*' }).first(),
          )
        ).n,
      );
    const before = await count();
    const reply = await callProcedure(server.url, p, inputs[p.path], sessionHeaders(admin));
    await server.engine.idle();
    const after = await count();
    const latest = await rows<{ action: string; actor: string } | undefined>(
      server.store.knex(tables.audit).orderBy('id', 'desc').first('action', 'actor'),
    );
    const got = `${codeOf(reply)}, ${after - before} new entries, latest ${latest?.action ?? 'none'} by ${latest?.actor ?? 'nobody'}`;
    const expectedAction =
      p.path === 'jobs.start'
        ? /^jobs\.(start|dryRun)$/
        : new RegExp(`^${p.path.replace('.', '\\.')}$`);
    if (
      after - before !== 1 ||
      !expectedAction.test(latest?.action ?? '') ||
      latest?.actor !== 'admin'
    ) {
      failures.push({
        path: p.path,
        who: 'admin',
        expected: `one audit entry ${p.path} by admin`,
        got,
      });
    }
  }
  return { actions: mutations.length, missingInput, failures };
}

/**
 * Brute force: wrong passwords for one user from one address are refused with 401 until the limit,
 * then with 429 — also the right password — while another user is unaffected.
 */
export async function checkBruteForce(server: ApiServer, attempts = 12) {
  const statuses: (number | string)[] = [];
  for (let i = 0; i < attempts; i++) {
    const reply = await sendRaw(server.url, {
      method: 'POST',
      path: '/trpc/auth.login',
      headers: { 'content-type': 'application/json', 'x-twinsync-csrf': 'login' },
      body: JSON.stringify({ username: 'operator', password: `guess-${i}-wrong` }),
    });
    statuses.push(reply.status);
  }
  const right = await sendRaw(server.url, {
    method: 'POST',
    path: '/trpc/auth.login',
    headers: { 'content-type': 'application/json', 'x-twinsync-csrf': 'login' },
    body: JSON.stringify({ username: 'operator', password: demoPasswords.operator }),
  });
  const firstLimited = statuses.indexOf(429);
  let otherUserOk = true;
  try {
    await login(server.url, 'viewer', demoPasswords.viewer);
  } catch {
    otherUserOk = false;
  }
  return { statuses, firstLimited, rightPasswordAfterLimit: right.status, otherUserOk };
}

/** Logout and login: logout needs a session (and its CSRF token); a logged-out cookie is dead. */
export async function checkLogout(server: ApiServer) {
  const s = await login(server.url, 'viewer', demoPasswords.viewer);
  const anonymous = codeOf(
    await callProcedure(
      server.url,
      { path: 'auth.logout', type: 'mutation' },
      {},
      { 'x-twinsync-csrf': 'x' },
    ),
  );
  const noCsrf = codeOf(
    await callProcedure(
      server.url,
      { path: 'auth.logout', type: 'mutation' },
      {},
      { cookie: s.cookie },
    ),
  );
  const ok = codeOf(
    await callProcedure(
      server.url,
      { path: 'auth.logout', type: 'mutation' },
      {},
      sessionHeaders(s),
    ),
  );
  const after = codeOf(
    await callProcedure(server.url, { path: 'errors.list', type: 'query' }, {}, sessionHeaders(s)),
  );
  return { anonymous, noCsrf, ok, afterLogout: after };
}

/** Secrets that must never reach a log line: passwords, session ids, CSRF tokens, password hashes. */
export async function secretsInLogs(server: ApiServer, secrets: readonly string[]) {
  const users = await rows<{ password_hash: string }[]>(
    server.store.knex(tables.users).select('password_hash'),
  );
  const hashes = users.map((u) => u.password_hash);
  const all = [...secrets, ...hashes].filter((s) => s.length >= 6);
  const leaks: { secret: string; line: string }[] = [];
  for (const line of server.logLines) {
    for (const secret of all) {
      if (line.includes(secret))
        leaks.push({ secret: `${secret.slice(0, 4)}…`, line: line.slice(0, 200) });
    }
  }
  return { lines: server.logLines.length, secretsChecked: all.length, leaks };
}
