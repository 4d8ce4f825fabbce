import { Writable } from 'node:stream';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import type { AppRouter } from '@twinsync/sync-api';
import {
  createFakeEngine,
  insertCoupling,
  insertError,
  insertMapping,
} from '@twinsync/sync-api/testing';
import { createStore, type Store } from '@twinsync/sync-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from './logger';
import { startSyncServer } from './start';
import type { RunningServer } from './http/listen';

describe('sync server over HTTP (real store, fake engine)', () => {
  let store: Store;
  let errorId: string;
  let running: RunningServer;
  const logLines: string[] = [];
  const engine = createFakeEngine();

  beforeAll(async () => {
    store = await createStore({ databaseUrl: ':memory:' });
    const seeder = { store, now: { value: new Date() } };
    const mappingId = await insertMapping(seeder);
    const couplingId = await insertCoupling(seeder, { mappingId, skipped: true });
    errorId = await insertError(seeder, { mappingId, couplingId, state: 'skipped' });
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    running = await startSyncServer({
      store,
      engine,
      logger: createLogger({ level: 'debug' }, sink),
      port: 0,
      seedUsers: true,
      bcryptRounds: 4,
      portalDir: 'does-not-exist',
    });
  });
  afterAll(async () => {
    await running.close(100);
    await store.close();
  });

  /** A client that keeps the session cookie like a browser and sends the given CSRF header. */
  function client(csrf: () => string | undefined) {
    const jar: { cookie?: string; setCookie?: string } = {};
    const trpc = createTRPCClient<AppRouter>({
      links: [
        httpLink({
          url: `${running.url}/trpc`,
          headers: () => {
            const h: Record<string, string> = {};
            const token = csrf();
            if (token) h['x-twinsync-csrf'] = token;
            if (jar.cookie) h['cookie'] = jar.cookie;
            return h;
          },
          fetch: async (url, init) => {
            const response = await fetch(String(url), init as RequestInit);
            const setCookie = response.headers.get('set-cookie');
            if (setCookie) {
              jar.setCookie = setCookie;
              jar.cookie = setCookie.split(';')[0] ?? '';
            }
            return response;
          },
        }),
      ],
    });
    return { trpc, jar };
  }

  it('answers /health with the database and scheduler state and security headers', async () => {
    const response = await fetch(`${running.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      database: 'ok',
      scheduler: 'running',
    });
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('logs in with a cookie, then acts only with the CSRF header of the session', async () => {
    let csrf: string | undefined = 'login';
    const { trpc, jar } = client(() => csrf);
    const me = await trpc.auth.login.mutate({
      username: 'operator',
      password: 'operator-demo-pass',
    });
    expect(jar.setCookie).toMatch(/twinsync_session=/);
    expect(jar.setCookie).toMatch(/HttpOnly/);
    expect(jar.setCookie).toMatch(/SameSite=Strict/);
    expect((await trpc.auth.me.query())?.username).toBe('operator');

    csrf = undefined;
    const refused = await trpc.actions.retry
      .mutate({ target: { by: 'errors', errorIds: [errorId] } })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TRPCClientError);
    expect((refused as TRPCClientError<AppRouter>).data?.code).toBe('FORBIDDEN');
    expect((await store.audit.list({ limit: 10 })).items).toEqual([]);

    csrf = me.csrfToken;
    const result = await trpc.actions.retry.mutate({
      target: { by: 'errors', errorIds: [errorId] },
    });
    expect(result).toMatchObject({ total: 1, succeeded: 1 });
    const page = await trpc.errors.list.query({ limit: 10 });
    expect(page.items).toEqual([]);
    expect((await store.audit.list({ limit: 10 })).items[0]).toMatchObject({
      username: 'operator',
      action: 'actions.retry',
    });
  });

  it('reports bad input with per-field messages', async () => {
    const { trpc } = client(() => 'x');
    await trpc.auth.login.mutate({ username: 'viewer', password: 'viewer-demo-pass' });
    const error = await trpc.errors.list.query({ limit: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    const data = (error as TRPCClientError<AppRouter>).data;
    expect(data?.code).toBe('BAD_REQUEST');
    expect(data?.inputIssues?.fieldErrors['limit']).toEqual(['limit: limit must be at least 1']);
  });

  it('refuses a request body over the size limit', async () => {
    const response = await fetch(`${running.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-twinsync-csrf': 'x' },
      body: JSON.stringify({ username: 'a'.repeat(2 * 1024 * 1024), password: 'x' }),
    });
    expect(response.status).toBe(413);
  });

  it('refuses an anonymous caller', async () => {
    const { trpc } = client(() => undefined);
    const error = await trpc.errors.list.query({}).catch((e: unknown) => e);
    expect((error as TRPCClientError<AppRouter>).data?.code).toBe('UNAUTHORIZED');
  });

  it('streams live error counts over SSE', async () => {
    const { trpc, jar } = client(() => 'x');
    await trpc.auth.login.mutate({ username: 'viewer', password: 'viewer-demo-pass' });
    const controller = new AbortController();
    const response = await fetch(`${running.url}/trpc/live.events`, {
      headers: { cookie: jar.cookie ?? '', accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes('errorCounts')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value as Uint8Array);
    }
    expect(text).toMatch(/"type":"errorCounts"/);
    controller.abort();
  });

  it('never writes passwords, cookies or CSRF tokens to the log', () => {
    const all = logLines.join('');
    expect(all).toContain('logged in');
    expect(all).not.toContain('demo-pass');
    expect(all).not.toMatch(/twinsync_session=/);
  });
});
